// k6 scenario ws-concurrency: each virtual user logs in, opens the WebSocket, asks, gets the streamed answer,
// then holds the session with heartbeats and paced questions until the window ends.
import { fail, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import type { K6Auth } from './k6/auth-context.ts';
import { acquireToken, type K6Grant } from './k6/auth.ts';
import { baseOptions, k6Context } from './k6/context.ts';
import { k6Sink } from './k6/metrics.ts';
import { k6HandleSummary } from './k6/summary.ts';
import { runK6Session } from './k6/ws-session.ts';
import { k6TraceHeaders } from './k6/trace.ts';
import { k6Clock } from './k6/clock.ts';
import { closedShape, type ClosedShape } from './k6/run-shape.ts';
import type { ProblemKind } from './lib/problems.ts';
import { k6UnreachableKind, unreachableLine } from './lib/unreachable.ts';
import { healthProblem, healthTargets } from './lib/health-check.ts';
import { identityOf } from '../src/protocol/identity.ts';
import { LOAD_SHAPES } from './lib/load-shapes.ts';
import { M } from './lib/metrics.ts';
import { sessionSpec } from './lib/session-spec.ts';
import type { LoadSummary } from './lib/summary.ts';
import { REQUEST_NAMES } from './lib/request-tags.ts';
import { redactText } from '../src/protocol/redaction.ts';

const ctx = k6Context('ws-concurrency');
const sink = k6Sink('ws-concurrency', ctx.rules);
const { plan } = ctx;
const SCENARIO = 'ws-concurrency';
// Per VU: the closed loop k6 actually runs (its own scenario, or --vus N --duration D), read on first use.
let ran: ClosedShape | undefined;
const shape = (): ClosedShape => {
  if (ran) return ran;
  const got = closedShape(plan, SCENARIO);
  if ('refused' in got) exec.test.abort(got.refused);
  ran = 'refused' in got ? { vus: plan.vus, rampUpS: plan.rampUpS, durationS: plan.durationS } : got;
  return ran;
};
// Fractional milliseconds over the scenario's regular duration (k6/clock.ts).
const now = k6Clock(() => (shape().rampUpS + shape().durationS) * 1000);
const auth: K6Auth = {
  profile: ctx.profile,
  now,
  urls: { api: plan.urls.api, auth: plan.urls.auth, web: plan.webUrl ?? '' },
  timeoutMs: plan.requestTimeoutMs,
  sink,
  settings: __ENV,
};
// The driver stops a run at the window's end + gracefulStop; k6's own cut comes after it, never before.
const k6Grace = `${plan.gracefulStopS + 5}s`;

export const options: Options = {
  ...baseOptions(ctx),
  scenarios: {
    [SCENARIO]: {
      executor: 'ramping-vus',
      startVUs: plan.rampUpS > 0 ? 0 : plan.vus,
      stages: [
        ...(plan.rampUpS > 0 ? [{ duration: `${plan.rampUpS}s`, target: plan.vus }] : []),
        { duration: `${plan.durationS}s`, target: plan.vus },
      ],
      gracefulRampDown: k6Grace,
      gracefulStop: k6Grace,
    },
  },
};

interface SetupData {
  /** per-user login: one grant per test user, shared by its VUs. */
  grants: K6Grant[];
}

export async function setup(): Promise<SetupData> {
  sink.zeroCounters();
  // A k6 flag other than --vus N --duration D replaced the scenario: refused, one line.
  const shaped = closedShape(plan, SCENARIO);
  if ('refused' in shaped) exec.test.abort(shaped.refused);
  const live = healthTargets(ctx.profile)[0];
  if (!live) fail('the profile names no health endpoint');
  const url = plan.urls.api + live.path;
  const res = http.get(url, {
    headers: k6TraceHeaders(),
    timeout: `${plan.requestTimeoutMs}ms`,
    tags: { name: REQUEST_NAMES.healthBeforeLoad },
  });
  const unreachable = k6UnreachableKind(res.error_code);
  if (res.status === 0 && unreachable) fail(redactText(unreachableLine(unreachable, url, res.error)));
  const problem = healthProblem(live, res.status, typeof res.body === 'string' ? res.body : '');
  if (problem) fail(`target not healthy before the load: ${problem}`);
  if (ctx.users.length === 0)
    fail('no test user: set GP_USER1_EMAIL (-e) and GP_USER1_PASSWORD or GP_USER1_TOKEN (environment)');
  if (plan.login === 'per-vu') return { grants: [] };
  const grants: K6Grant[] = [];
  for (const user of ctx.users) {
    const got = await acquireToken(auth, user);
    if ('problem' in got) fail(got.problem);
    grants.push(got);
  }
  return { grants };
}

// Per VU (each VU has its own runtime): its token, obtained once.
let grant: K6Grant | undefined;
let warnings = 0;
const warn = (problem: string, kind: ProblemKind = 'other'): void => {
  sink.problem(kind);
  if (warnings++ < 3) console.warn(redactText(`VU ${exec.vu.idInTest}: ${problem}`));
};

// Async: a profile's acquireToken hook may answer with a promise (k6 awaits the iteration, then its event loop).
export default async function (data: SetupData): Promise<void> {
  const { rampUpS, durationS } = shape();
  const holdUntil = exec.scenario.startTime + (rampUpS + durationS) * 1000;
  // A new iteration means the previous session ended early: pause before reconnecting.
  if (exec.vu.iterationInScenario > 0) sleep(LOAD_SHAPES[SCENARIO].reconnectPauseS);
  if (now() >= holdUntil) return;
  const index = (exec.vu.idInTest - 1) % ctx.users.length;
  const user = ctx.users[index];
  if (!user) return;
  let journeyStartedAt: number | undefined;
  if (!grant) {
    const shared = data.grants[index];
    if (shared)
      grant = { token: shared.token, ...(shared.userId !== undefined ? { userId: shared.userId } : {}) };
    else {
      const got = await acquireToken(auth, user);
      if ('problem' in got) {
        sink.add(M.journeyOk, false);
        warn(got.problem, 'auth');
        return;
      }
      grant = got;
      journeyStartedAt = got.startedAt;
    }
  }
  runK6Session(
    sessionSpec(plan, {
      reader: ctx.reader,
      sla: ctx.sla,
      startedAt: now(),
      holdUntil,
      expectedUserId: identityOf(grant),
      journeyStartedAt,
      userKey: `u${index + 1}`,
    }),
    plan.urls.ws,
    grant.token,
    sink,
    { error: warn },
    now,
  );
}

export function handleSummary(data: LoadSummary): Record<string, string> {
  const got = closedShape(plan, SCENARIO);
  return k6HandleSummary(ctx, data, 'refused' in got ? { refused: got.refused } : { shape: got });
}
