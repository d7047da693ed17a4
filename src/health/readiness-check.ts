// The readiness check (F6): /health/ready within health.ready.latency; a hanging call is cut just past that bound.
import type { Measurement } from '../sla/judge.ts';
import type { ProbeContext } from './probe-context.ts';
import {
  describeDependencies,
  readDependencies,
  readinessDiagnosis,
  readinessProblems,
  slowest,
  type Dependency,
} from './readiness.ts';
import { formatDuration } from '../format/duration.ts';
import type { VerdictParts } from './verdict.ts';

/** How far past its SLA bound a readiness call is cut: enough to measure the breach, never the whole 30 s hang. */
const CUT_MARGIN = { ratio: 0.1, minMs: 250 };

export async function checkReadiness(ctx: ProbeContext): Promise<VerdictParts> {
  const { config } = ctx;
  const spec = config.profile.health.api.ready;
  const url = config.urls.api + spec.path;
  const target = config.sla['health.ready.latency'].target;
  const cutMs = Math.round(target + Math.max(CUT_MARGIN.minMs, target * CUT_MARGIN.ratio));
  // The F6 signature is "/health fast, /health/ready slow": liveness is measured first, as the contrast.
  const live = await ctx.call(config.urls.api + config.profile.health.api.live.path, 'liveness (contrast)');
  const a = await ctx.call(url, 'readiness', { timeoutMs: cutMs });
  const deps = await dependencies(ctx, a.json);
  const problems: string[] = [];
  let measurement: Measurement;
  if (a.error === 'timeout') {
    measurement = a.ms;
    const contrast = live.error
      ? `liveness failed too (${live.error})`
      : `liveness answered in ${formatDuration(live.ms)}`;
    const named = deps
      ? `dependencies (${spec.dependencies?.path ?? ''}): ${describeDependencies(deps)}`
      : 'no body, so the blocking dependency is not named';
    problems.push(
      `${url} gave no answer and was cut after ${formatDuration(a.ms)} (the health.ready.latency bound ${formatDuration(target)} plus margin), while ${contrast}; ${named}`,
    );
  } else if (a.error !== undefined) {
    measurement = { unmeasured: `${url}: ${a.error}` };
    problems.push(`${url}: ${a.error}`);
  } else {
    measurement = a.ms;
    problems.push(...readinessProblems(spec, a, deps));
  }
  const sla = [ctx.judgeSla('health.ready.latency', measurement, `GET ${url}`)];
  const slow = deps ? slowest(deps) : undefined;
  if (sla[0]?.pass === false && slow && a.error === undefined)
    problems.push(`slowest dependency: ${slow.name} (${formatDuration(slow.latencyMs ?? 0)})`);
  const summary = `${url} ready in ${formatDuration(a.ms)}${deps ? `: ${describeDependencies(deps)}` : ''}`;
  return {
    check: 'health.readiness',
    diagnosis: readinessDiagnosis(spec, a, deps),
    summary,
    problems,
    sla,
    evidence: { deps, cutMs, liveMs: live.ms },
  };
}

/** The dependency list: in the readiness body, or at its own endpoint when the profile says so. */
async function dependencies(ctx: ProbeContext, readinessBody: unknown): Promise<Dependency[] | undefined> {
  const list = ctx.config.profile.health.api.ready.dependencies;
  if (!list) return undefined;
  if (!list.path) return readinessBody === undefined ? undefined : readDependencies(readinessBody, list);
  const a = await ctx.call(ctx.config.urls.api + list.path, 'dependency status');
  return a.json === undefined ? undefined : readDependencies(a.json, list);
}
