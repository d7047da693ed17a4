// Merges the summaries of one run split over k6 instances (`--execution-segment`, k6-operator's parallelism) into
// one summary and one verdict: trends from the added-up HDR buckets (exact: the same percentiles as one instance
// seeing every sample), counters and rates summed, thresholds judged again on the merged metrics.
import { HDR_SCHEME, HdrHistogram, type HdrTrend } from './hdr.ts';
import { displayBuckets } from './log-buckets.ts';
import {
  applyThresholds,
  judgeThresholds,
  type LoadSummary,
  type RunMeta,
  type SummaryMetric,
} from './summary.ts';
import { parseThreshold, type ThresholdRule } from './thresholds.ts';

/** A summary that cannot be merged with the others: one line naming the file and why. */
export class MergeError extends Error {
  readonly code = 'LOAD_MERGE_REFUSED';
}

export interface NamedSummary {
  name: string;
  summary: LoadSummary;
}

/** What must be equal for summaries to be parts of one run: the plan as each instance was given it. */
function planKey(meta: RunMeta): string {
  return JSON.stringify({
    scenario: meta.scenario,
    environment: meta.environment,
    profile: meta.profile,
    target: meta.target,
    loadShape: meta.loadShape,
    thresholds: meta.thresholds.map((t) => `${t.metric} ${t.expression} ${t.source}`).sort(),
  });
}

export function mergeSummaries(parts: readonly NamedSummary[]): LoadSummary {
  if (parts.length < 2) throw new MergeError('--merge needs at least two summaries');
  const metas = parts.map(({ name, summary }) => {
    const meta = summary.golden_path;
    if (!meta) throw new MergeError(`${name} has no golden_path block: not a golden-path load summary`);
    if (!meta.hdr)
      throw new MergeError(
        `${name} carries no HDR histograms (golden_path.hdr): written by an older harness`,
      );
    if (meta.hdr.scheme !== HDR_SCHEME)
      throw new MergeError(`${name} has bucket scheme ${meta.hdr.scheme}, not ${HDR_SCHEME}`);
    return meta;
  });
  const [first] = metas as [RunMeta, ...RunMeta[]];
  parts.forEach(({ name }, i) => {
    const meta = metas[i] as RunMeta;
    if (meta.scenario !== first.scenario)
      throw new MergeError(`${name} is scenario ${meta.scenario}, ${parts[0]?.name} is ${first.scenario}`);
    if (planKey(meta) !== planKey(first))
      throw new MergeError(
        `${name} ran another plan than ${parts[0]?.name} (target, profile, load shape or thresholds differ)`,
      );
  });
  const segments = checkSegments(parts, metas);

  const metrics: Record<string, SummaryMetric> = {};
  const trends: Record<string, HdrTrend> = {};
  const durationMs = Math.max(...parts.map((p) => p.summary.state.testRunDurationMs));
  const names = new Set(parts.flatMap((p) => Object.keys(p.summary.metrics)));
  const thresholded = new Set(first.thresholds.map((t) => t.metric));
  const leftOut: string[] = [];
  for (const name of names) {
    const each = parts.map((p) => p.summary.metrics[name]).filter((m) => m !== undefined);
    const kind = each[0]?.type;
    if (each.some((m) => m.type !== kind))
      throw new MergeError(`metric ${name} is not of one type in every summary`);
    const contains = each[0]?.contains ?? 'default';
    if (kind === 'trend' && metas.every((m) => m.hdr?.trends[name] === undefined)) {
      // k6's own trends (iteration_duration, http_req_*) carry no buckets: left out, said, unless judged.
      if (thresholded.has(name))
        throw new MergeError(
          `${parts[0]?.name}: thresholded trend ${name} has no HDR histogram in any summary`,
        );
      leftOut.push(name);
    } else if (kind === 'trend') {
      const h = new HdrHistogram();
      parts.forEach(({ name: file, summary }, i) => {
        const count = summary.metrics[name]?.values.count ?? 0;
        const raw = metas[i]?.hdr?.trends[name];
        if (count > 0 && !raw)
          throw new MergeError(`${file} has ${count} samples of ${name} but no HDR histogram for it`);
        if (raw && raw.count !== count && summary.metrics[name]?.values.count !== undefined)
          throw new MergeError(
            `${file}: the HDR histogram of ${name} holds ${raw.count} samples, the trend ${count}`,
          );
        if (raw) h.merge(raw);
      });
      const values = h.trendValues();
      if (!values) continue;
      trends[name] = h.toJSON();
      metrics[name] = { type: 'trend', contains, values };
    } else if (kind === 'rate') {
      const passes = sum(each, 'passes');
      const fails = sum(each, 'fails');
      if (passes + fails > 0)
        metrics[name] = {
          type: 'rate',
          contains,
          values: { rate: passes / (passes + fails), passes, fails },
        };
    } else if (kind === 'counter') {
      const count = sum(each, 'count');
      metrics[name] = {
        type: 'counter',
        contains,
        values: { count, rate: count / Math.max(durationMs / 1000, 1e-9) },
      };
    } else if (kind === 'gauge') {
      // The instances ran at once: their gauges (sessions open) add up; min and max are sums, a bound.
      metrics[name] = {
        type: 'gauge',
        contains,
        values: { value: sum(each, 'value'), min: sum(each, 'min'), max: sum(each, 'max') },
      };
    }
  }

  const rules = first.thresholds.map((t) =>
    wholeRunRule(t, metrics[t.metric], segments.length > 0 ? parts.length : 1),
  );
  const results = judgeThresholds(rules, metrics);
  applyThresholds(metrics, results);
  const aborted = parts
    .map(({ name }, i) => (metas[i]?.aborted ? `${name}: ${metas[i]?.aborted}` : undefined))
    .filter((a) => a !== undefined);
  const meta: RunMeta = {
    ...first,
    startedAt: metas.map((m) => m.startedAt).sort()[0] ?? first.startedAt,
    finishedAt:
      metas
        .map((m) => m.finishedAt)
        .sort()
        .at(-1) ?? first.finishedAt,
    thresholds: results,
    errors: mergeErrors(metas),
    histograms: displayBuckets(trends),
    hdr: { scheme: HDR_SCHEME, trends },
    merged: { summaries: parts.length, segments, leftOut },
  };
  delete meta.segment;
  delete meta.aborted;
  if (aborted.length > 0) meta.aborted = aborted.join('; ');
  const base = parts[0]?.summary as LoadSummary;
  return { ...base, state: { ...base.state, testRunDurationMs: durationMs }, metrics, golden_path: meta };
}

/**
 * A part's rule for the whole run. A k6 segment's count floor (`ws_sessions_held count>=250`) is its share (the
 * k6-operator manifest sets SLA_LOAD_CONCURRENT_CONNECTIONS to it, else each instance fails its own run): the
 * whole run must reach the parts' sum, never just one share. Every other rule (percentiles, rates, `count==0`)
 * holds for the whole run as written. `parts` is 1 for summaries that state no segment.
 */
function wholeRunRule(
  t: RunMeta['thresholds'][number],
  metric: SummaryMetric | undefined,
  parts: number,
): ThresholdRule {
  const { aggregation, op, target } = parseThreshold(t.expression);
  const floor =
    metric?.type === 'counter' && aggregation === 'count' && (op === '>=' || op === '>') && target > 0;
  return {
    metric: t.metric,
    expression: floor ? `count${op}${target * parts}` : t.expression,
    source: floor ? `${t.source} (the ${parts} parts' ${t.expression} added up)` : t.source,
    abortOnFail: false,
  };
}

const sum = (metrics: readonly SummaryMetric[], key: string): number =>
  metrics.reduce((s, m) => s + (m.values[key] ?? 0), 0);

function mergeErrors(metas: readonly RunMeta[]): RunMeta['errors'] {
  const counts = new Map<string, number>();
  for (const m of metas)
    for (const e of m.errors) counts.set(e.problem, (counts.get(e.problem) ?? 0) + e.count);
  return [...counts].map(([problem, count]) => ({ problem, count })).sort((a, b) => b.count - a.count);
}

/**
 * The segments must tile 0..1 once each when any summary states one (a missing or doubled part would judge a run
 * that did not happen); summaries with none (the Node executor's) are taken as given.
 */
function checkSegments(parts: readonly NamedSummary[], metas: readonly RunMeta[]): string[] {
  const stated = metas.map((m) => m.segment);
  if (stated.every((s) => s === undefined)) return [];
  const missing = stated.findIndex((s) => s === undefined);
  if (missing >= 0)
    throw new MergeError(`${parts[missing]?.name} states no execution segment, the others do`);
  const spans = stated.map((s, i) => ({
    name: parts[i]?.name ?? '',
    s: s as string,
    ...parseSegment(s as string, parts[i]?.name ?? ''),
  }));
  spans.sort((a, b) => a.from - b.from);
  let at = 0;
  for (const span of spans) {
    if (Math.abs(span.from - at) > 1e-9)
      throw new MergeError(
        `${span.name} runs segment ${span.s}, but the segments before it end at ${at}: ${at < span.from ? 'a part is missing' : 'they overlap'}`,
      );
    at = span.to;
  }
  if (Math.abs(at - 1) > 1e-9)
    throw new MergeError(`the segments end at ${at}, not 1: a part of the run is missing`);
  return spans.map((s) => s.s);
}

/** k6's segment syntax: `from:to`, each a fraction (1/2), a decimal (0.5) or a percentage (50%). */
export function parseSegment(segment: string, name: string): { from: number; to: number } {
  const value = (raw: string): number => {
    const t = raw.trim();
    if (t === '') return NaN;
    if (t.endsWith('%')) return Number(t.slice(0, -1)) / 100;
    const [n, d] = t.split('/');
    return d === undefined ? Number(n) : Number(n) / Number(d);
  };
  const [a, b] = segment.split(':');
  const from = a === undefined || a === '' ? 0 : value(a);
  const to = b === undefined ? NaN : value(b);
  if (!(from >= 0 && to <= 1 && from < to))
    throw new MergeError(`${name}: execution segment "${segment}" is not from:to within 0..1`);
  return { from, to };
}
