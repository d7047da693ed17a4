// The run's SLA rows → Allure cases (pure): one test per SLA id under the suite "SLA", measured vs target.
import { SLA_DEFAULTS, type SlaDefinition } from '../config/sla-table.ts';
import { format } from '../sla/judge.ts';
import type { LedgerEntry, SlaRow } from '../sla/ledger.ts';
import { summarize } from '../sla/stats.ts';
import type { AllureCase, CaseAttachment, CaseParameter } from './allure-writer.ts';
import { latencyHistogram } from './chart-histogram.ts';
import { slaTrendChart, type TrendPoint } from './chart-trend.ts';
import { EPIC, type Label } from './labels.ts';

export const SLA_SUITE = 'SLA';
/** Fewer samples than this make no useful histogram. */
const MIN_HISTOGRAM_SAMPLES = 5;

export interface SlaCaseOptions {
  /** Every ledger entry of the run, for the samples behind each row. */
  entries: readonly LedgerEntry[];
  /** Report URL of a source test's result, when it is in the same report. */
  linkFor?: (source: string) => string | undefined;
  /** The run's start: an SLA spans the run that measured it (and so leads the report's time-ordered tree). */
  runStartedAt?: number;
  now?: number;
  /** Each SLA's earlier runs from the run history (oldest first): drawn as a last-N trend beside this run. */
  trends?: ReadonlyMap<string, readonly TrendPoint[]>;
}

export function slaCases(rows: readonly SlaRow[], options: SlaCaseOptions): AllureCase[] {
  return rows.map((row) => slaCase(row, options));
}

function slaCase(row: SlaRow, options: SlaCaseOptions): AllureCase {
  const w = row.worst;
  const entries = options.entries.filter((e) => e.id === row.id);
  const def: SlaDefinition | undefined = SLA_DEFAULTS.find((d) => d.id === row.id);
  const samples = entries.flatMap((e) => e.samples ?? (e.measured !== undefined ? [e.measured] : []));
  const times = entries.map((e) => Date.parse(e.at)).filter(Number.isFinite);
  const now = options.now ?? Date.now();
  const op = w.bound === 'max' ? '≤' : w.bound === 'min' ? '≥' : 'reported';
  const summary = w.summary ?? (samples.length > 1 ? summarize(samples) : undefined);

  const parameters: CaseParameter[] = [
    {
      name: 'measured',
      value:
        w.measured === undefined ? `not measured${w.note ? `: ${w.note}` : ''}` : format(w.measured, w.unit),
    },
    {
      name: 'target',
      value: w.bound === 'report' ? 'reported, not judged' : `${op} ${format(w.target, w.unit)}`,
    },
    ...(w.degraded !== undefined
      ? [{ name: 'degraded below', value: `${op} ${format(w.degraded, w.unit)}` }]
      : []),
    { name: 'unit', value: w.unit },
    { name: 'statistic', value: w.statistic },
    { name: 'n', value: String(summary?.n ?? samples.length) },
    ...percentiles(summary, w.unit),
    { name: 'measurements', value: String(row.entries) },
    { name: 'source', value: row.sources.join('; ') },
  ];

  const attachments: CaseAttachment[] = [];
  if (w.unit === 'ms' && samples.length >= MIN_HISTOGRAM_SAMPLES) {
    attachments.push({
      name: `${row.id} latency histogram`,
      contentType: 'image/svg+xml',
      body: latencyHistogram({
        title: `${row.id} on ${w.environment}, every sample of the run`,
        samples,
        ...(w.bound === 'max' ? { target: w.target } : {}),
        ...(w.degraded !== undefined ? { degraded: w.degraded } : {}),
      }),
    });
  }
  const trend = trendPoints(row, options.trends?.get(row.id));
  if (trend.length >= 2) {
    attachments.push({
      name: `${row.id} trend (last ${trend.length} runs)`,
      contentType: 'image/svg+xml',
      body: slaTrendChart({
        title: `${row.id} on ${w.environment}: last ${trend.length} runs`,
        unit: w.unit,
        bound: w.bound,
        target: w.target,
        ...(w.degraded !== undefined ? { degraded: w.degraded } : {}),
        points: trend,
      }),
    });
  }
  attachments.push({
    name: `${row.id} ledger entries`,
    contentType: 'application/json',
    body: JSON.stringify(entries, null, 2),
  });

  const labels: Label[] = [
    { name: 'parentSuite', value: SLA_SUITE },
    { name: 'suite', value: w.environment },
    { name: 'epic', value: EPIC },
    { name: 'feature', value: SLA_SUITE },
    { name: 'story', value: row.id },
    { name: 'severity', value: 'critical' },
    { name: 'tag', value: 'sla' },
    { name: 'environment', value: w.environment },
    ...(row.status === 'degraded' ? [{ name: 'tag', value: 'degraded' }] : []),
  ];

  return {
    name: row.id,
    fullName: `sla:${w.environment}:${row.id}`,
    status: row.pass ? 'passed' : 'failed',
    message: row.pass && row.status !== 'degraded' ? undefined : w.message,
    description: [
      `**${row.id}** — ${def?.what ?? 'SLA'}`,
      '',
      `${w.message}`,
      ...(def ? ['', `Target source: ${def.source}. Override: \`${def.setting}\`.`] : []),
    ].join('\n'),
    labels,
    parameters,
    links: row.sources.flatMap((s) => {
      const url = options.linkFor?.(s);
      return url ? [{ name: `measured by: ${s}`, url }] : [];
    }),
    attachments,
    start: Math.min(options.runStartedAt ?? Number.POSITIVE_INFINITY, ...(times.length > 0 ? times : [now])),
    stop: times.length > 0 ? Math.max(...times) : now,
  };
}

/** How many runs a trend shows. */
export const TREND_RUNS = 20;
/** A stored point this recent with exactly this run's figure is this run (the gate records before the report). */
const SAME_RUN_MS = 86_400_000;

/** The stored points and this run's own figure (unless the history already holds it), the last TREND_RUNS. */
function trendPoints(row: SlaRow, stored: readonly TrendPoint[] | undefined): TrendPoint[] {
  if (!stored || stored.length === 0) return [];
  const w = row.worst;
  const newest = stored.at(-1);
  const recorded =
    newest !== undefined &&
    newest.measured === (w.measured ?? null) &&
    Date.now() - Date.parse(newest.at) < SAME_RUN_MS;
  const current: TrendPoint = { at: w.at, measured: w.measured ?? null, status: row.status, current: true };
  const points = recorded ? [...stored.slice(0, -1), { ...newest, current: true }] : [...stored, current];
  return points.slice(-TREND_RUNS);
}

function percentiles(
  summary: ReturnType<typeof summarize> | undefined,
  unit: SlaDefinition['unit'],
): CaseParameter[] {
  if (!summary || summary.n < 2) return [];
  return (['min', 'p50', 'p90', 'p95', 'p99', 'max'] as const).map((k) => ({
    name: k,
    value: format(summary[k], unit),
  }));
}
