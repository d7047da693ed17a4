// ws-concurrency on Node: constant VUs started evenly over the ramp-up, each logging in once and holding a
// session to the end of the window (reconnecting after a pause when the server drops it).
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AuthClient } from '../../src/clients/auth-client.ts';
import { ClientError } from '../../src/clients/errors.ts';
import { HttpClient } from '../../src/clients/http.ts';
import type { Config, TestUser } from '../../src/config/index.ts';
import { identityOf } from '../../src/protocol/identity.ts';
import { LOAD_SHAPES } from '../lib/load-shapes.ts';
import { M } from '../lib/metrics.ts';
import { sessionSpec } from '../lib/session-spec.ts';
import { forSession, type RunState } from './run-state.ts';
import { runWsSession } from './ws-session.ts';

interface Grant {
  token: string;
  userId?: string;
  /** performance.now() at the login's start: the journey's start for golden_path.e2e. */
  startedAt?: number;
}

export async function runClosedLoop(state: RunState, config: Config): Promise<void> {
  const { plan } = state;
  const t0 = state.startedAt;
  const holdUntil = t0 + (plan.rampUpS + plan.durationS) * 1000;
  const auth = new AuthClient(config, new HttpClient());
  const shared =
    plan.login === 'per-user' ? await Promise.all(config.users.map((u) => login(state, auth, u))) : [];

  const vu = async (index: number): Promise<void> => {
    const startAt = t0 + (plan.rampUpS * 1000 * index) / plan.vus;
    await sleepUntil(state, startAt);
    const user = config.users[index % config.users.length] as TestUser;
    let grant: Grant | undefined = shared[index % config.users.length];
    let first = true;
    // Bounded: every pass either holds a session to the window's end or pauses before the next.
    while (!state.signal.aborted && performance.now() < holdUntil) {
      if (!first)
        await sleepUntil(state, performance.now() + LOAD_SHAPES['ws-concurrency'].reconnectPauseS * 1000);
      first = false;
      if (state.signal.aborted || performance.now() >= holdUntil) break;
      let journeyStartedAt: number | undefined;
      if (!grant) {
        grant = await login(state, auth, user);
        if (!grant) continue;
        journeyStartedAt = grant.startedAt;
      }
      state.vusActive++;
      try {
        await runWsSession(
          sessionSpec(plan, {
            reader: state.reader,
            sla: state.sla,
            startedAt: performance.now(),
            holdUntil,
            expectedUserId: identityOf(grant),
            journeyStartedAt,
            userKey: `u${(index % config.users.length) + 1}`,
          }),
          config.urls.ws,
          grant.token,
          state.registry,
          forSession(state),
          state.active,
        );
      } finally {
        state.vusActive--;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.vus }, (_, i) => vu(i)));
}

/** A token through the profile's strategies (src/clients); a failed login is a failed journey, never skipped. */
async function login(state: RunState, auth: AuthClient, user: TestUser): Promise<Grant | undefined> {
  const startedAt = performance.now();
  try {
    const grant = await auth.acquireToken(user);
    if (grant.ms !== undefined) state.registry.add(M.login, grant.ms);
    return { token: grant.token, startedAt, ...(grant.userId !== undefined ? { userId: grant.userId } : {}) };
  } catch (error) {
    const status = error instanceof ClientError ? error.evidence.status : undefined;
    if (typeof status === 'number' && status >= 500) state.registry.add(M.http5xx, 1);
    state.registry.add(M.journeyOk, false);
    state.listener.error?.(`login failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function sleepUntil(state: RunState, at: number): Promise<void> {
  const ms = at - performance.now();
  if (ms <= 0 || state.signal.aborted) return;
  await delay(ms, undefined, { signal: state.signal }).catch(() => undefined);
}
