// health-latency on Node: arrivals on a fixed schedule per endpoint, latency from the intended send time, schedule
// lag and dropped arrivals reported, so a slow target cannot hide behind fewer requests (no coordinated omission).
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { correlationHeaders } from '../../src/clients/correlation.ts';
import { wireTimed } from '../../src/clients/wire-timing.ts';
import { healthProblem, healthTargets, type HealthTarget } from '../lib/health-check.ts';
import { M, type MetricDefinition } from '../lib/metrics.ts';
import type { RunState } from './run-state.ts';

/** The intended instant of arrival `i` at `ratePerS` from `t0`: the schedule alone, never earlier answers. */
export function intendedAt(t0: number, i: number, ratePerS: number): number {
  return t0 + (i * 1000) / ratePerS;
}

export async function runOpenLoop(state: RunState, apiUrl: string): Promise<void> {
  const { plan } = state;
  const targets = healthTargets(state.reader.profile);
  // One connection pool per endpoint (as k6 gives each scenario its own VUs): a slow readiness check must not
  // hold the connections the live endpoint's arrivals need.
  const agents = targets.map(() => new Agent({ connections: plan.maxInFlight, keepAliveTimeout: 10_000 }));
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  state.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const metrics: MetricDefinition[] = [M.health, M.healthReady];
    await Promise.all(
      targets.map((t, i) =>
        schedule(state, apiUrl + t.path, t, metrics[i] ?? M.health, agents[i] as Agent, stop.signal),
      ),
    );
  } finally {
    state.signal.removeEventListener('abort', onAbort);
    await Promise.all(agents.map((a) => a.close().catch(() => undefined)));
  }
}

async function schedule(
  state: RunState,
  url: string,
  target: HealthTarget,
  metric: MetricDefinition,
  agent: Agent,
  signal: AbortSignal,
): Promise<void> {
  const { plan } = state;
  const t0 = state.startedAt;
  const total = Math.floor(plan.ratePerS * plan.durationS);
  const inFlight = new Set<Promise<void>>();
  // Cuts what is still in flight after gracefulStop (or on a stop), without sampling it, as k6 does.
  const cut = new AbortController();
  // Every request in flight listens to it: up to maxInFlight listeners is expected.
  setMaxListeners(0, cut.signal);
  const onStop = (): void => cut.abort();
  signal.addEventListener('abort', onStop, { once: true });
  let next = 0;
  // Bounded by `total` arrivals and by the window; late timers fire every due arrival at once (lag is recorded).
  while (next < total && !signal.aborted) {
    const now = performance.now();
    for (; next < total && intendedAt(t0, next, plan.ratePerS) <= now; next++) {
      const intended = intendedAt(t0, next, plan.ratePerS);
      if (inFlight.size >= plan.maxInFlight) {
        state.registry.add(M.dropped, 1);
        state.listener.error?.(
          `${target.path}: arrival dropped, ${plan.maxInFlight} requests already in flight`,
        );
        continue;
      }
      const p = fire(state, url, target, metric, intended, agent, cut.signal).finally(() =>
        inFlight.delete(p),
      );
      inFlight.add(p);
    }
    if (next >= total) break;
    const wait = intendedAt(t0, next, plan.ratePerS) - performance.now();
    await delay(Math.max(0, Math.ceil(wait)), undefined, { signal }).catch(() => undefined);
  }
  // Requests in flight at the end may finish within gracefulStop; then they are cut.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(inFlight),
    new Promise<void>((resolve) => (grace = setTimeout(resolve, plan.gracefulStopS * 1000))),
  ]);
  clearTimeout(grace);
  cut.abort();
  await Promise.all(inFlight);
  signal.removeEventListener('abort', onStop);
}

async function fire(
  state: RunState,
  url: string,
  target: HealthTarget,
  metric: MetricDefinition,
  intended: number,
  agent: Agent,
  signal: AbortSignal,
): Promise<void> {
  const { plan, registry } = state;
  const sent = performance.now();
  registry.add(M.lag, Math.max(0, sent - intended));
  state.inFlight++;
  try {
    // Timeouts through undici's own options: a combined AbortSignal per request costs a timer and a dependant
    // on the long-lived stop signal for every arrival.
    const call = wireTimed(() =>
      request(url, {
        dispatcher: agent,
        headers: correlationHeaders(),
        signal,
        headersTimeout: plan.requestTimeoutMs,
        bodyTimeout: plan.requestTimeoutMs,
      }),
    );
    const res = await call.result;
    const body = await res.body.text();
    // From the intended time: the lag, then the request's time on the wire (as k6 times it, res.timings).
    const wire = call.ms();
    registry.add(metric, wire === undefined ? performance.now() - intended : sent - intended + wire);
    state.runsDone++;
    if (res.statusCode >= 500) registry.add(M.http5xx, 1);
    const problem = healthProblem(target, res.statusCode, body);
    if (problem !== undefined) {
      registry.add(M.unhealthy, 1);
      state.listener.error?.(problem);
    }
  } catch (error) {
    if (signal.aborted) return;
    // No answer within the request timeout is an unhealthy answer, timed at the timeout (a lower bound).
    registry.add(metric, performance.now() - intended);
    registry.add(M.unhealthy, 1);
    state.listener.error?.(`${target.path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    state.inFlight--;
  }
}
