// k6 scenario health-latency: constant arrival rate on the live and readiness endpoints, each answer judged,
// latency measured from the intended send time so a slow target cannot hide behind fewer requests.
import { fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { baseOptions, k6Context } from './k6/context.ts';
import { k6Sink } from './k6/metrics.ts';
import { k6HandleSummary } from './k6/summary.ts';
import { healthProblem, healthTargets, type HealthTarget } from './lib/health-check.ts';
import { M, type MetricDefinition } from './lib/metrics.ts';
import type { LoadSummary } from './lib/summary.ts';
import { REQUEST_NAMES } from './lib/request-tags.ts';
import { redactText } from '../src/protocol/redaction.ts';

const ctx = k6Context('health-latency');
const sink = k6Sink('health-latency');
const { plan } = ctx;
const [liveTarget, readyTarget] = healthTargets(ctx.profile);

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
  if (!liveTarget || !readyTarget) fail('the profile names no live or readiness endpoint');
  // Unreachable is a failed run, never an empty green one; an unhealthy answer is measured, not gated on.
  const url = plan.urls.api + liveTarget.path;
  const res = http.get(url, {
    timeout: `${plan.requestTimeoutMs}ms`,
    tags: { name: REQUEST_NAMES.healthBeforeLoad },
  });
  if (res.status === 0) fail(redactText(`target unreachable before the load: GET ${url}: ${res.error}`));
}

let warnings = 0;

function probe(target: HealthTarget | undefined, metric: MetricDefinition): void {
  if (!target) return;
  // The arrival's intended instant: the executor's schedule, whatever happened to earlier arrivals.
  const intended = exec.scenario.startTime + (exec.scenario.iterationInTest * 1000) / plan.ratePerS;
  sink.add(M.lag, Math.max(0, Date.now() - intended));
  const res = http.get(plan.urls.api + target.path, {
    timeout: `${plan.requestTimeoutMs}ms`,
    tags: { name: target.probe },
  });
  sink.add(metric, Date.now() - intended);
  if (res.status >= 500) sink.add(M.http5xx, 1);
  const problem = healthProblem(target, res.status, typeof res.body === 'string' ? res.body : '');
  if (problem !== undefined) {
    sink.add(M.unhealthy, 1);
    if (warnings++ < 3) console.warn(redactText(problem));
  }
}

export function live(): void {
  probe(liveTarget, M.health);
}

export function ready(): void {
  probe(readyTarget, M.healthReady);
}

export function handleSummary(data: LoadSummary): Record<string, string> {
  return k6HandleSummary(ctx, data);
}
