// Liveness checks: sampled /health of the API and the auth service, the WebSocket health endpoint, extra probes.
import { isUpstreamStatus } from '../diagnosis/intermediaries.ts';
import { setTimeout as pause } from 'node:timers/promises';
import { matches, readFirst } from '../protocol/json-path.ts';
import type { SlaResult } from '../sla/judge.ts';
import { liveProblem, type Answer } from './liveness.ts';
import type { ProbeContext } from './probe-context.ts';
import { formatDuration } from '../format/duration.ts';
import { cause, type VerdictParts } from './verdict.ts';

/** HEALTH_SAMPLES calls per service, spaced; every body judged; `health.latency` recorded per service. */
export async function checkLiveness(ctx: ProbeContext): Promise<VerdictParts> {
  const { config } = ctx;
  const { api, auth } = config.profile.health;
  const services = [
    { name: 'API', url: config.urls.api + api.live.path, endpoint: api.live },
    { name: 'auth service', url: config.urls.auth + auth.live.path, endpoint: auth.live },
  ];
  // sla.md: a wait is longer than the SLA it measures, so a slow answer is measured as a breach, not cut short.
  const timeoutMs = 1.5 * config.sla['health.latency'].target;
  const sampled = await Promise.all(
    services.map(async (s) => ({ ...s, answers: await sample(ctx, s.url, `${s.name} liveness`, timeoutMs) })),
  );
  const problems: string[] = [];
  const down: string[] = [];
  const sla: SlaResult[] = [];
  for (const s of sampled) {
    const bad = s.answers.map((a) => liveProblem(s.endpoint, a)).filter((p): p is string => p !== undefined);
    if (bad.length > 0) {
      down.push(s.name);
      problems.push(
        `${bad.length} of ${s.answers.length} ${s.name} answers not healthy, first: ${bad[0] ?? ''}`,
      );
    }
    sla.push(
      ctx.judgeSla(
        'health.latency',
        s.answers.map((a) => a.ms),
        `${s.name} GET ${s.url}`,
      ),
    );
  }
  const figures = sla.map((r, i) => {
    const s = r.summary;
    return `${sampled[i]?.name ?? ''} p50 ${formatDuration(s?.p50 ?? Number.NaN)} p95 ${formatDuration(s?.p95 ?? Number.NaN)} p99 ${formatDuration(s?.p99 ?? Number.NaN)} (n=${s?.n ?? 1})`;
  });
  const fiveXx = sampled.some((s) => s.answers.some((a) => (a.status ?? 0) >= 500));
  // A proxy's 502/504 names the hop in front of the service, whichever service it is.
  const upstream = sampled.some((s) => s.answers.some((a) => isUpstreamStatus(a.status)));
  const diagnosis = upstream
    ? cause('upstream down or timing out behind a proxy', 'F18')
    : down.length === 1 && down[0] === 'auth service'
      ? cause('auth service unavailable', 'F2')
      : cause(`${down.join(' and ') || 'service'} not live`, fiveXx ? 'F7' : undefined);
  return { check: 'health.liveness', diagnosis, summary: `healthy: ${figures.join('; ')}`, problems, sla };
}

async function sample(ctx: ProbeContext, url: string, what: string, timeoutMs: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < ctx.config.settings.HEALTH_SAMPLES; i++) {
    // A sampling cadence, not a settle: back-to-back calls would measure the connection pool, not the endpoint.
    if (i > 0) await pause(ctx.config.settings.HEALTH_SAMPLE_SPACING_MS);
    answers.push(await ctx.call(url, what, { timeoutMs }));
  }
  return answers;
}

/** The WebSocket service's own health endpoint, when the profile names one: its status, and its active connections. */
export async function checkWsHealth(ctx: ProbeContext): Promise<VerdictParts> {
  const { api } = ctx.config.profile.health;
  if (!api.ws)
    return {
      check: 'health.ws',
      diagnosis: '',
      summary: 'none',
      notApplicable: ['WebSocket health: the profile names no endpoint'],
    };
  const url = ctx.config.urls.api + api.ws.path;
  const a = await ctx.call(url, 'WebSocket health');
  const problem = liveProblem(
    { path: api.ws.path, statusPath: api.ws.statusPath, healthyValues: api.live.healthyValues },
    a,
  );
  const count = a.error === undefined ? readFirst(a.json, api.ws.connectionsPath) : undefined;
  const number = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  const connections = typeof number === 'number' && Number.isFinite(number) ? number : undefined;
  const where = api.ws.connectionsPath.join(' | ');
  const seen =
    connections === undefined ? '' : ` (${connections} active connection${connections === 1 ? '' : 's'})`;
  return {
    check: 'health.ws',
    diagnosis: 'WebSocket service not healthy',
    summary: `${url} healthy in ${formatDuration(a.ms)}${seen}`,
    problems: problem ? [`${problem}${seen}`] : [],
    // A healthy answer without the count is reported, never taken as "0 connections".
    notApplicable:
      connections === undefined && !problem
        ? [`WebSocket health: ${url} reports no active-connection count at ${where}`]
        : [],
    evidence: { status: a.status, ...(connections !== undefined ? { activeConnections: connections } : {}) },
  };
}

/** The profile's extra probes: path → expected status and body predicate. */
export async function checkExtraProbes(ctx: ProbeContext): Promise<VerdictParts> {
  const probes = ctx.config.profile.health.extraProbes ?? [];
  if (probes.length === 0)
    return {
      check: 'health.extra-probes',
      diagnosis: '',
      summary: 'none',
      notApplicable: ['extra probes: the profile lists none'],
    };
  const problems: string[] = [];
  for (const p of probes) {
    const url = ctx.config.urls[p.base] + p.path;
    const a = await ctx.call(url, `probe ${p.name}`, { expectJson: false });
    if (a.error !== undefined || a.status !== p.status)
      problems.push(`${p.name}: ${url} answered ${a.error ?? a.status} (expected ${p.status})`);
    else if (p.bodyMatch && !matches(a.json, p.bodyMatch))
      problems.push(`${p.name}: ${url} body does not match ${JSON.stringify(p.bodyMatch)}`);
  }
  return {
    check: 'health.extra-probes',
    diagnosis: 'extra probe failed',
    summary: `${probes.length} probe(s) as expected`,
    problems,
  };
}
