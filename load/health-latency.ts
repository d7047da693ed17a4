// k6 scenario health-latency: constant arrival rate on the live and readiness endpoints, each answer judged,
// latency measured from the arrival's scheduled time so a slow target cannot hide behind fewer requests.
import { fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { scenarioElapsedMs } from './k6/clock.ts';
import { baseOptions, k6Context } from './k6/context.ts';
import { requestMs } from './k6/http-json.ts';
import { k6Sink } from './k6/metrics.ts';
import { openShapeProblem } from './k6/run-shape.ts';
import { k6TraceHeaders } from './k6/trace.ts';
import { k6HandleSummary } from './k6/summary.ts';
import { healthProblem, healthTargets, type HealthTarget } from './lib/health-check.ts';
import { M, type MetricDefinition } from './lib/metrics.ts';
import type { LoadSummary } from './lib/summary.ts';
import { REQUEST_NAMES } from './lib/request-tags.ts';
import { k6UnreachableKind, unreachableLine } from './lib/unreachable.ts';
import { redactText } from '../src/protocol/redaction.ts';

const ctx = k6Context('health-latency');
const sink = k6Sink('health-latency', ctx.rules);
const { plan } = ctx;
const [liveTarget, readyTarget] = healthTargets(ctx.profile);
const SCENARIO_NAMES = ['live', 'ready'] as const;
const windowMs = plan.durationS * 1000;
const intervalMs = 1000 / plan.ratePerS;

const arrivals = (execName: string) => ({
  executor: 'constant-arrival-rate' as const,
  exec: execName,
  rate: plan.ratePerS,
  timeUnit: '1s',
  duration: `${plan.durationS}s`,
  preAllocatedVUs: plan.maxInFlight,
  maxVUs: plan.maxInFlight,
  gracefulStop: `${plan.gracefulStopS}s`,
});

export const options: Options = {
  ...baseOptions(ctx),
  scenarios: { live: arrivals('live'), ready: arrivals('ready') },
};

export function setup(): void {
  sink.zeroCounters();
  // A k6 flag (--vus, --duration, --iterations, --stage) replaced the arrival-rate scenarios: refused, one line.
  const refused = openShapeProblem(SCENARIO_NAMES);
  if (refused) exec.test.abort(refused);
  if (!liveTarget || !readyTarget) fail('the profile names no live or readiness endpoint');
  // Unreachable is a failed run, never an empty green one; an unhealthy answer is measured, not gated on.
  const url = plan.urls.api + liveTarget.path;
  const res = http.get(url, {
    headers: k6TraceHeaders(),
    timeout: `${plan.requestTimeoutMs}ms`,
    tags: { name: REQUEST_NAMES.healthBeforeLoad },
  });
  const kind = k6UnreachableKind(res.error_code);
  if (res.status === 0 && kind) fail(redactText(unreachableLine(kind, url, res.error)));
}

/** Only reached when a k6 flag replaced the scenarios (setup refuses that run first). */
export default function (): void {
  exec.test.abort(
    openShapeProblem(SCENARIO_NAMES) ?? 'health-latency runs only its live and ready scenarios',
  );
}

let warnings = 0;

function probe(target: HealthTarget | undefined, metric: MetricDefinition): void {
  if (!target) return;
  // The arrival's slot: k6 starts an arrival at its slot or drops it, never later, so the latest slot at or before
  // this iteration's start is its own (exact unless k6 itself lagged a whole interval). Dropped arrivals leave no
  // gap in this count, unlike iterationInTest. Elapsed time is k6's own (fractional ms, see k6/clock.ts).
  const elapsed = scenarioElapsedMs(windowMs);
  const lag = elapsed === undefined ? 0 : elapsed - Math.floor(elapsed / intervalMs) * intervalMs;
  sink.add(M.lag, lag);
  const res = http.get(plan.urls.api + target.path, {
    headers: k6TraceHeaders(),
    timeout: `${plan.requestTimeoutMs}ms`,
    tags: { name: target.probe },
  });
  sink.add(metric, lag + (res.status === 0 ? failedAfterMs(res.error_code, elapsed) : requestMs(res)));
  if (res.status >= 500) sink.add(M.http5xx, 1);
  const problem =
    res.status === 0
      ? unreachableLine(k6UnreachableKind(res.error_code) ?? 'other', plan.urls.api, res.error)
      : healthProblem(target, res.status, typeof res.body === 'string' ? res.body : '');
  if (problem !== undefined) {
    sink.add(M.unhealthy, 1);
    sink.problem('unhealthy');
    if (warnings++ < 3) console.warn(redactText(problem));
  }
}

/**
 * No answer carries no request timing: the time from the iteration's start until k6 gave up, on k6's clock while
 * the window runs (as on Node); past it, the timeout for a timed-out request, else nothing.
 */
function failedAfterMs(errorCode: number, startedAt: number | undefined): number {
  const now = scenarioElapsedMs(windowMs);
  if (now !== undefined && startedAt !== undefined) return now - startedAt;
  return k6UnreachableKind(errorCode) === 'timeout' ? plan.requestTimeoutMs : 0;
}

export function live(): void {
  probe(liveTarget, M.health);
}

export function ready(): void {
  probe(readyTarget, M.healthReady);
}

export function handleSummary(data: LoadSummary): Record<string, string> {
  const refused = openShapeProblem(SCENARIO_NAMES);
  return k6HandleSummary(ctx, data, refused ? { refused } : {});
}
