// k6's end-of-test summary schema (handleSummary's data), the harness's additions to it, and its judgement.
import { LOAD_SHAPES, type LoadShapeKind, type ScenarioName } from './load-shapes.ts';
import type { LoadPlan } from './plan.ts';
import type { MetricKind } from './metrics.ts';
import type { HdrSet } from './hdr.ts';
import { evaluateThreshold, type ThresholdRule } from './thresholds.ts';

/** Trend statistics of every summary; `count` gives each percentile its n. */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'] as const;

export interface SummaryMetric {
  type: MetricKind;
  contains: 'time' | 'default';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  source: string;
  ok: boolean;
  measured?: number;
  /** Samples behind the measured value. */
  n: number;
  unmeasured: boolean;
}

export interface RunMeta {
  engine: 'k6' | 'node';
  scenario: ScenarioName;
  environment: string;
  profile: string;
  target: string;
  loadShape: {
    kind: LoadShapeKind;
    describe: string;
    vus?: number;
    rampUpS?: number;
    durationS: number;
    ratePerS?: number;
    maxInFlight?: number;
    pingEveryS?: number;
    askEveryS?: number;
  };
  startedAt: string;
  finishedAt: string;
  /** The W3C trace id every request of the run carried (absent: a direct `k6 run` gave none, one per VU). */
  traceId?: string;
  /** Why the run stopped early (Ctrl-C, SIGTERM, a hard threshold, a refused k6 flag), when it did. */
  aborted?: string;
  /** k6 only: the k6 flags that replaced the script's own scenario (the load shape above is what ran). */
  ranAs?: string;
  thresholds: ThresholdResult[];
  /** The most frequent problems seen, with counts (never secrets): by text on Node, by kind on k6. */
  errors: { problem: string; count: number }[];
  /** Each trend's distribution for display (log-spaced buckets read from `hdr`), by metric name. */
  histograms?: Record<string, TrendHistogram>;
  /** Each sampled trend's raw HDR buckets (load/lib/hdr.ts): lossless, what `--merge` adds up. */
  hdr?: HdrSet;
  /** k6's `--execution-segment` this instance ran (e.g. `0:1/2`), when it ran one. */
  segment?: string;
  /** A merged summary: how many summaries, the segments they ran, the trends left out (no buckets: k6's own). */
  merged?: { summaries: number; segments: string[]; leftOut: string[] };
}

/** A trend's samples in log-spaced buckets for display, read from its HDR buckets. */
export interface TrendHistogram {
  /** Samples in the buckets: the trend's count. */
  n: number;
  /** Lower edge of the first bucket, which also holds every sample at or below it (zeros). */
  from: number;
  /** In order; each bucket holds the samples above the previous bound up to and including `le`. */
  buckets: { le: number; count: number }[];
}

export interface LoadSummary {
  root_group: { name: string; path: string; id: string; groups: unknown[]; checks: unknown[] };
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  golden_path?: RunMeta;
}

/** Samples behind a metric's values: a trend's count, a rate's passes + fails, a counter's count. */
export function sampleCount(metric: SummaryMetric | undefined): number {
  if (!metric) return 0;
  const v = metric.values;
  if (metric.type === 'rate') return (v.passes ?? 0) + (v.fails ?? 0);
  if (metric.type === 'gauge') return v.value === undefined ? 0 : 1;
  return v.count ?? 0;
}

/** Judges every rule on the summary's metrics; an unmeasured threshold fails (never a silent pass). */
export function judgeThresholds(
  rules: readonly ThresholdRule[],
  metrics: Readonly<Record<string, SummaryMetric>>,
): ThresholdResult[] {
  return rules.map((rule) => {
    const metric = metrics[rule.metric];
    const n = sampleCount(metric);
    // A counter present at 0 is a measurement (nothing happened); a trend or rate without samples is not.
    const measured = metric !== undefined && (metric.type === 'counter' || n > 0);
    const verdict = evaluateThreshold(rule.expression, measured ? metric.values : undefined);
    return {
      metric: rule.metric,
      expression: rule.expression,
      source: rule.source,
      ok: verdict.ok,
      ...(verdict.measured !== undefined ? { measured: verdict.measured } : {}),
      n,
      unmeasured: verdict.unmeasured,
    };
  });
}

/** Writes the verdicts into the k6-schema `thresholds` of each metric (`{ "p(95)<=500": { ok } }`). */
export function applyThresholds(
  metrics: Record<string, SummaryMetric>,
  results: readonly ThresholdResult[],
): void {
  for (const r of results) {
    const metric = metrics[r.metric];
    if (!metric) continue;
    (metric.thresholds ??= {})[r.expression] = { ok: r.ok };
  }
}

export function failedThresholds(summary: LoadSummary): ThresholdResult[] {
  return (summary.golden_path?.thresholds ?? []).filter((t) => !t.ok);
}

/** The harness's description of a run, the same for both engines (only the engine and the clock differ). */
export function describeRun(
  engine: RunMeta['engine'],
  plan: LoadPlan,
  startedAt: string,
  finishedAt: string,
): Omit<RunMeta, 'thresholds' | 'errors'> {
  const shape = LOAD_SHAPES[plan.scenario];
  const closed = shape.kind === 'closed-loop';
  return {
    engine,
    scenario: plan.scenario,
    environment: plan.environment,
    profile: plan.profile,
    target: plan.urls.api,
    loadShape: {
      kind: shape.kind,
      describe: shape.describe,
      durationS: plan.durationS,
      ...(closed
        ? { vus: plan.vus, rampUpS: plan.rampUpS, pingEveryS: plan.pingEveryS, askEveryS: plan.askEveryS }
        : { ratePerS: plan.ratePerS, maxInFlight: plan.maxInFlight }),
    },
    startedAt,
    finishedAt,
    ...(plan.traceId ? { traceId: plan.traceId } : {}),
  };
}
