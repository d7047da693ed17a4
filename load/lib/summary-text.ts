// The summary as text for a terminal: the load shape, each threshold with measured value and n, each metric.
import type { LoadSummary, SummaryMetric, ThresholdResult } from './summary.ts';
import { M } from './metrics.ts';
import { sampleCount } from './summary.ts';
import { parseThreshold } from './thresholds.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { redactText } from '../../src/protocol/redaction.ts';

export function formatSummaryText(summary: LoadSummary): string {
  const meta = summary.golden_path;
  const lines: string[] = [];
  if (meta) {
    const s = meta.loadShape;
    const shape = [
      s.vus !== undefined ? `${s.vus} VUs` : undefined,
      s.rampUpS ? `ramp-up ${s.rampUpS} s` : undefined,
      `window ${s.durationS} s`,
      s.ratePerS ? `${s.ratePerS}/s per endpoint` : undefined,
    ].filter(Boolean);
    lines.push(
      `golden-path load · ${meta.scenario} on ${meta.environment} (${meta.target}) · engine ${meta.engine}`,
    );
    lines.push(`load shape: ${s.describe} (${shape.join(', ')})`);
    if (meta.ranAs) lines.push(`ran as: ${meta.ranAs} (k6 flags in place of the script's own scenario)`);
    if (meta.aborted) lines.push(`ABORTED: ${meta.aborted}`);
    lines.push('thresholds:');
    for (const t of meta.thresholds)
      lines.push(`  ${t.ok ? '✓' : '✗'} ${describeThreshold(t, summary.metrics[t.metric])}`);
  }
  lines.push('metrics:');
  for (const [name, metric] of Object.entries(summary.metrics).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${name.padEnd(30, '.')} ${formatValues(metric)}`);
  }
  if (meta && meta.errors.length > 0) {
    lines.push('most frequent problems:');
    for (const e of meta.errors) lines.push(`  ${String(e.count).padStart(5)} × ${e.problem}`);
  }
  // A problem line quotes the target (an error body, a URL): it leaves the process redacted.
  return redactText(`${lines.join('\n')}\n`);
}

export function describeThreshold(t: ThresholdResult, metric: SummaryMetric | undefined): string {
  // A counter's value is its own count; every other statistic states the samples behind it.
  const n = metric?.type === 'counter' ? '' : ` (n=${t.n})`;
  const measured = t.unmeasured
    ? 'NOT MEASURED (no samples)'
    : `${fmt(t.measured ?? Number.NaN, metric, t.expression)}${n}`;
  return `${t.metric} ${t.expression} [${t.source}]: ${measured}`;
}

/**
 * A failed threshold as a breach message (sla.md: SLA id, measured value, target with its unit, environment, n):
 * `auth_login_duration p(95)<=500 [auth.login.latency]: 719ms (n=50), target <= 500ms, environment staging`.
 */
export function describeBreach(
  t: ThresholdResult,
  metric: SummaryMetric | undefined,
  environment: string,
): string {
  const { aggregation, op, target } = parseThreshold(t.expression);
  // An unmeasured metric is absent from the summary: its unit comes from the catalogue.
  const def = Object.values(M).find((d) => d.name === t.metric);
  const unit: SummaryMetric | undefined =
    metric ?? (def ? { type: def.kind, contains: def.time ? 'time' : 'default', values: {} } : undefined);
  return `${describeThreshold(t, metric)}, target ${op} ${fmt(target, unit, aggregation)}, environment ${environment}`;
}

function formatValues(metric: SummaryMetric): string {
  const v = metric.values;
  const n = sampleCount(metric);
  switch (metric.type) {
    case 'trend': {
      const stats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)']
        .filter((k) => v[k] !== undefined)
        .map((k) => `${k}=${fmt(v[k] as number, metric, k)}`);
      return `${stats.join(' ')} (n=${n})`;
    }
    case 'rate':
      return `${((v.rate ?? 0) * 100).toFixed(2)} % (${v.passes ?? 0} of ${n})`;
    case 'counter':
      return `${v.count ?? 0}${v.rate !== undefined ? ` (${v.rate.toFixed(2)}/s)` : ''}`;
    case 'gauge':
      return `${v.value ?? 0} (min ${v.min ?? 0}, max ${v.max ?? 0})`;
  }
}

function fmt(value: number, metric: SummaryMetric | undefined, aggregation: string): string {
  if (Number.isNaN(value)) return 'n/a';
  if (metric?.type === 'rate' || aggregation.startsWith('rate')) return `${(value * 100).toFixed(2)} %`;
  if (metric?.contains === 'time')
    return formatDuration(value, { digits: 2, msDigits: value < 10 ? 2 : 0, compact: true });
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
