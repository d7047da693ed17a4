// Real, timed checks of the server's own components, shared by every dialect's health endpoints.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthService } from '../auth/auth-service.ts';
import { DatabaseUnavailableError } from '../errors.ts';
import type { FaultState } from '../faults/fault-state.ts';
import type { Cache } from '../stores/cache.ts';
import { POOL_SIZE, type DbPool } from '../stores/db-pool.ts';
import type { ThreadStore } from '../stores/thread-store.ts';

export type CheckStatus = 'healthy' | 'unhealthy' | 'timeout';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly latency_ms: number;
  readonly error?: string;
}

export interface ProbeDeps {
  readonly auth: AuthService;
  readonly pool: DbPool;
  readonly threads: ThreadStore;
  readonly cache: Cache;
  readonly faults: FaultState;
}

/** Event-loop lag above this means the agent runtime cannot keep its timings. */
const LOOP_LAG_LIMIT_MS = 200;

const round = (ms: number): number => Math.round(ms * 100) / 100;

async function timed(work: () => Promise<string | undefined>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const error = await work();
    const latency_ms = round(performance.now() - started);
    return error === undefined
      ? { status: 'healthy', latency_ms }
      : { status: 'unhealthy', latency_ms, error };
  } catch (err) {
    return { status: 'unhealthy', latency_ms: round(performance.now() - started), error: describe(err) };
  }
}

function describe(err: unknown): string {
  if (err instanceof DatabaseUnavailableError) return err.message.replace(/^REF_DB_UNAVAILABLE: /, '');
  return err instanceof Error ? err.message : String(err);
}

export function checkUserStore(d: ProbeDeps): Promise<CheckResult> {
  return timed(() => {
    if (d.auth.downStatus !== undefined) return Promise.resolve('auth service unavailable');
    const first = d.auth.users.all()[0];
    const found = first && d.auth.users.findByEmail(first.email);
    return Promise.resolve(found ? undefined : 'seeded user not found');
  });
}

export function checkTokenSigner(d: ProbeDeps): Promise<CheckResult> {
  return timed(async () => {
    if (d.auth.downStatus !== undefined) return 'auth service unavailable';
    const token = await d.auth.tokens.issue({ id: 'usr_readiness_probe', email: 'probe@golden-path.test' });
    const back = await d.auth.tokens.verify(token);
    return back.ok && back.token.userId === 'usr_readiness_probe'
      ? undefined
      : 'sign/verify round trip failed';
  });
}

export function checkDatabase(d: ProbeDeps): Promise<CheckResult> {
  return timed(async () => {
    await d.threads.ping();
    return undefined;
  });
}

/** F6: with the fault on, the cache answers nothing until its timeout has passed. */
export async function checkCache(d: ProbeDeps): Promise<CheckResult> {
  const hang = d.faults.current.readyDependencyTimeoutMs;
  if (hang !== undefined) {
    const started = performance.now();
    await sleep(hang);
    return {
      status: 'timeout',
      latency_ms: round(performance.now() - started),
      error: `cache (redis) did not answer within ${hang} ms`,
    };
  }
  return timed(() => Promise.resolve(d.cache.ping() ? undefined : 'set/get round trip lost the value'));
}

export function checkAgentRuntime(): Promise<CheckResult> {
  return timed(async () => {
    const started = performance.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const lag = performance.now() - started;
    return lag > LOOP_LAG_LIMIT_MS ? `event-loop lag ${Math.round(lag)} ms` : undefined;
  });
}

/** Every readiness check, run at once; the endpoint is only as slow as the slowest dependency. */
export async function readinessChecks(d: ProbeDeps): Promise<Record<string, CheckResult>> {
  const [user_store, token_signer, database, cache, agent_runtime] = await Promise.all([
    checkUserStore(d),
    checkTokenSigner(d),
    checkDatabase(d),
    checkCache(d),
    checkAgentRuntime(),
  ]);
  return { user_store, token_signer, database, cache, agent_runtime };
}

export interface InfrastructureReport {
  readonly database: {
    status: 'healthy' | 'degraded';
    connection_time_ms: number;
    pool_utilization: number;
    pool_size: number;
    connections_in_use: number;
    error?: string;
  };
  readonly cache: { status: 'healthy' | 'unhealthy'; response_time_ms: number; keys: number };
  readonly auth_service: { status: 'healthy' | 'unhealthy'; response_time_ms: number; error?: string };
}

/** Database connect time (a fresh connection), cache round trip, and an auth-service token check. */
export async function infrastructure(d: ProbeDeps): Promise<InfrastructureReport> {
  const dbStarted = performance.now();
  const db = await d.pool.probeConnect().then(
    () => ({ status: 'healthy' as const }),
    (err: unknown) => ({ status: 'degraded' as const, error: describe(err) }),
  );
  const connection_time_ms = round(performance.now() - dbStarted);
  const cache = await checkCacheRoundTrip(d);
  const authStarted = performance.now();
  const token = await d.auth.tokens.issue({ id: 'usr_infra_probe', email: 'probe@golden-path.test' });
  const auth = await d.auth.authenticate(token);
  const authMs = round(performance.now() - authStarted);
  return {
    database: {
      ...db,
      connection_time_ms,
      pool_utilization: d.pool.utilizationPercent,
      pool_size: POOL_SIZE,
      connections_in_use: d.pool.inUse,
    },
    cache,
    auth_service:
      auth.kind === 'unavailable'
        ? { status: 'unhealthy', response_time_ms: authMs, error: `auth service answered ${auth.status}` }
        : { status: 'healthy', response_time_ms: authMs },
  };
}

function checkCacheRoundTrip(d: ProbeDeps): Promise<InfrastructureReport['cache']> {
  const started = performance.now();
  const ok = d.cache.ping();
  return Promise.resolve({
    status: ok ? 'healthy' : 'unhealthy',
    response_time_ms: round(performance.now() - started),
    keys: d.cache.size,
  });
}
