// A load summary → Allure cases (pure): one test per threshold under "Load", latency charts for time metrics.
import type { CaseAttachment, AllureCase, CaseParameter } from './allure-writer.ts';
import { latencyHistogram, percentileChart } from './chart-histogram.ts';
import { EPIC, type Label } from './labels.ts';
import {
  thresholdOutcomes,
  thresholdTarget,
  type LoadSummary,
  type SummaryHistogram,
  type SummaryMetric,
} from './load-summary.ts';

/** Statistics in the order a reader expects them, with k6's names. */
const ORDER = ['min', 'med', 'avg', 'p(90)', 'p(95)', 'p(99)', 'max'];

function isTime(name: string, m: SummaryMetric): boolean {
  return m.contains === 'time' || /_(duration|lag|gap)$/.test(name);
}

export interface LoadCaseOptions {
  /** Defaults for summaries without the harness's `golden_path` section (plain k6). */
  scenario: string;
  environment: string;
  file: string;
  at: number;
}

export function loadCases(summary: LoadSummary, options: LoadCaseOptions): AllureCase[] {
  const meta = summary.golden_path;
  const scenario = meta?.scenario ?? options.scenario;
  const environment = meta?.environment ?? options.environment;
  const duration = summary.state?.testRunDurationMs ?? 0;
  const stop = meta?.finishedAt ? Date.parse(meta.finishedAt) : options.at;
  return thresholdOutcomes(summary).map((t) => {
    // A threshold on a metric that never got a sample has no entry in `metrics`: it is shown as unmeasured.
    const metric: SummaryMetric = summary.metrics[t.metric] ?? { values: {} };
    const values = Object.entries(metric.values).filter((e): e is [string, number] => e[1] !== null);
    const parameters: CaseParameter[] = [
      { name: 'threshold', value: `${t.metric} ${t.expression}` },
      ...(t.source ? [{ name: 'judges', value: t.source }] : []),
      ...(values.length > 0
        ? values.map(([k, v]) => ({
            name: k,
            value: isTime(t.metric, metric) ? `${round(v)} ms` : String(round(v)),
          }))
        : [{ name: 'measured', value: 'no samples' }]),
      { name: 'scenario', value: scenario },
      ...(meta?.engine ? [{ name: 'engine', value: meta.engine }] : []),
      ...(meta?.loadShape?.describe ? [{ name: 'load shape', value: meta.loadShape.describe }] : []),
      ...(meta?.aborted ? [{ name: 'aborted', value: meta.aborted }] : []),
      { name: 'summary', value: options.file },
    ];
    const labels: Label[] = [
      { name: 'parentSuite', value: 'Load' },
      { name: 'suite', value: scenario },
      { name: 'epic', value: EPIC },
      { name: 'feature', value: 'load' },
      { name: 'story', value: t.source ?? t.metric },
      { name: 'severity', value: 'critical' },
      { name: 'tag', value: 'load' },
      { name: 'environment', value: environment },
    ];
    const chart =
      isTime(t.metric, metric) && values.length > 0
        ? [latencyChart(t.metric, t.expression, metric, meta?.histograms?.[t.metric], scenario, meta?.engine)]
        : [];
    return {
      name: `${t.metric} ${t.expression}`,
      fullName: `load:${environment}:${scenario}:${t.metric}:${t.expression}`,
      status: t.ok ? 'passed' : 'failed',
      ...(t.ok
        ? {}
        : {
            message: `load threshold ${t.metric} ${t.expression}${t.source ? ` (${t.source})` : ''} crossed in scenario ${scenario} on ${environment}: ${describe(t.metric, metric)}`,
          }),
      labels,
      parameters,
      links: [],
      attachments: chart,
      start: stop - duration,
      stop,
    };
  });
}

/**
 * The executor's buckets as a histogram when the summary has them; else the summary's percentiles, said to be
 * percentiles (k6 keeps no buckets), never drawn as if they were a distribution.
 */
function latencyChart(
  name: string,
  expression: string,
  metric: SummaryMetric,
  histogram: SummaryHistogram | undefined,
  scenario: string,
  engine: string | undefined,
): CaseAttachment {
  const target = thresholdTarget(expression);
  // A target line only where the threshold compares a latency (not a count or a rate).
  const latencyTarget = target !== undefined && /^(p\(|avg|max|med|min)/.test(expression) ? { target } : {};
  if (histogram && histogram.n > 0 && histogram.buckets.length > 0) {
    let from = histogram.from;
    const buckets = histogram.buckets.map((b) => {
      const bucket = { from, to: b.le, count: b.count };
      from = b.le;
      return bucket;
    });
    return {
      name: `${name} latency histogram`,
      contentType: 'image/svg+xml',
      body: latencyHistogram({
        title: `${name} (${scenario})`,
        note: `${buckets.length} log-spaced buckets from the ${engine ?? 'load'} run's HDR histogram`,
        buckets,
        scale: 'log',
        ...latencyTarget,
      }),
    };
  }
  const why =
    engine === 'k6' || engine === undefined
      ? "percentiles from k6's summary, not a histogram: k6 keeps no buckets"
      : 'percentiles from the summary, not a histogram: it holds no buckets';
  return {
    name: `${name} latency percentiles`,
    contentType: 'image/svg+xml',
    body: percentileChart({
      title: `${name} (${scenario})`,
      note: why,
      values: ORDER.filter((k) => typeof metric.values[k] === 'number').map(
        (k) => [k, metric.values[k] as number] as const,
      ),
      ...latencyTarget,
      ...(typeof metric.values.count === 'number' ? { n: metric.values.count } : {}),
    }),
  };
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}

function describe(name: string, m: SummaryMetric): string {
  const unit = isTime(name, m) ? ' ms' : '';
  if (Object.keys(m.values).length === 0) return 'no samples';
  return Object.entries(m.values)
    .filter((e): e is [string, number] => e[1] !== null)
    .map(([k, v]) => `${k}=${round(v)}${unit}`)
    .join(', ');
}
