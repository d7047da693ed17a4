// Readiness consistency (sla.md health.ready.consistency): 5 calls in a row and 3 at once; none fails or times
// out, and the slowest stays within a factor of the mean — a readiness that is only sometimes slow is F6 too.
import type { Answer } from './liveness.ts';
import type { ProbeContext } from './probe-context.ts';
import { readDependencies, readinessDiagnosis } from './readiness.ts';
import { formatDuration } from '../format/duration.ts';
import type { VerdictParts } from './verdict.ts';

const NOISE_FLOOR_MS = 100;

export async function checkReadinessConsistency(ctx: ProbeContext): Promise<VerdictParts> {
  const { config } = ctx;
  const url = config.urls.api + config.profile.health.api.ready.path;
  const bound = config.sla['health.ready.latency'].target;
  const timeoutMs = bound + Math.max(250, bound * 0.1);
  const serial = [];
  const failed = (a: Answer) =>
    a.error !== undefined || a.status === undefined || a.status < 200 || a.status > 299;
  for (let i = 0; i < 5; i++) {
    const answer = await ctx.call(url, 'readiness (in a row)', { timeoutMs });
    serial.push(answer);
    // One failure decides the check; more calls to a failing readiness only add minutes.
    if (failed(answer)) break;
  }
  const parallel = serial.some(failed)
    ? []
    : await Promise.all(Array.from({ length: 3 }, () => ctx.call(url, 'readiness (at once)', { timeoutMs })));
  const answers = [...serial, ...parallel];
  const problems = answers.flatMap((a, i) => {
    const label = i < 5 ? `call ${i + 1} in a row` : `call ${i - 4} of 3 at once`;
    if (a.error !== undefined)
      return [
        `${label}: ${a.error === 'timeout' ? `no answer within ${formatDuration(timeoutMs)}` : a.error}`,
      ];
    if (a.status === undefined || a.status < 200 || a.status > 299)
      return [`${label}: answered ${a.status ?? '?'}`];
    return [];
  });
  const ready = config.profile.health.api.ready;
  const firstBad = answers.find(failed);
  const times = answers.filter((a) => a.error === undefined).map((a) => a.ms);
  const mean = times.reduce((x, y) => x + y, 0) / Math.max(1, times.length);
  const slowest = Math.max(...times);
  // Against a mean of a few milliseconds a new TCP connection alone is "5 × the mean": the spread is judged
  // against the mean or 100 ms, whichever is larger, so only a readiness that is really sometimes slow shows.
  const ratio = slowest / Math.max(mean, NOISE_FLOOR_MS);
  const sla = [
    ctx.judgeSla(
      'health.ready.consistency',
      problems.length ? { unmeasured: problems[0] ?? '' } : ratio,
      `GET ${url} ×8`,
    ),
  ];
  return {
    check: 'health.readiness-consistency',
    // Dependencies only when the answer carries them (a separate dependency endpoint is the readiness check's job).
    diagnosis: readinessDiagnosis(
      ready,
      firstBad,
      ready.dependencies && !ready.dependencies.path && firstBad
        ? readDependencies(firstBad.json, ready.dependencies)
        : undefined,
    ),
    summary: `8 calls ok, mean ${formatDuration(mean)}, slowest ${formatDuration(slowest)} (${ratio.toFixed(2)} × max(mean, ${NOISE_FLOOR_MS} ms))`,
    problems,
    sla,
    evidence: { times },
  };
}
