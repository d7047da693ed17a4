// A load summary (k6's handleSummary schema, which the Node executor also writes): validation, thresholds, SLA entries.
import { z } from 'zod';
import { SLA_DEFAULTS } from '../config/sla-table.ts';
import { format } from '../sla/judge.ts';
import type { LedgerEntry } from '../sla/ledger.ts';

const metricSchema = z.object({
  type: z.enum(['trend', 'counter', 'rate', 'gauge']).optional(),
  contains: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()),
  thresholds: z.record(z.string(), z.object({ ok: z.boolean() })).optional(),
});

/** A trend's log-spaced buckets (Node executor only): the first holds every sample up to its `le`, from `from`. */
const histogramSchema = z.object({
  n: z.number(),
  from: z.number(),
  buckets: z.array(z.object({ le: z.number(), count: z.number() })),
});

/**
 * The harness's additions (`golden_path`): which engine and scenario, each threshold's SLA and figure, and each
 * trend's histogram when the engine kept one (summaries written before histograms, and k6's, have none).
 */
const metaSchema = z
  .object({
    engine: z.string(),
    scenario: z.string(),
    environment: z.string(),
    finishedAt: z.string(),
    aborted: z.string(),
    traceId: z.string(),
    loadShape: z.object({ describe: z.string() }).partial(),
    thresholds: z.array(
      z.object({
        metric: z.string(),
        expression: z.string(),
        ok: z.boolean(),
        source: z.string().optional(),
        measured: z.number().optional(),
        n: z.number().optional(),
        unmeasured: z.boolean().optional(),
      }),
    ),
    histograms: z.record(z.string(), histogramSchema),
  })
  .partial();

export const summarySchema = z.object({
  metrics: z.record(z.string(), metricSchema),
  state: z.object({ testRunDurationMs: z.number() }).partial().optional(),
  golden_path: metaSchema.optional(),
});

export type LoadSummary = z.infer<typeof summarySchema>;
export type SummaryMetric = z.infer<typeof metricSchema>;
export type SummaryHistogram = z.infer<typeof histogramSchema>;

export class SummaryError extends Error {
  readonly code = 'LOAD_SUMMARY_INVALID';
}

/** Parse and validate; the error names the file and the first bad field. */
export function parseSummary(text: string, file: string): LoadSummary {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SummaryError(`LOAD_SUMMARY_INVALID: ${file} is not JSON (${(error as Error).message})`);
  }
  const result = summarySchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SummaryError(
      `LOAD_SUMMARY_INVALID: ${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

export interface ThresholdOutcome {
  metric: string;
  expression: string;
  ok: boolean;
  /** The SLA id (or `invariant: …`) the threshold judges, when the harness wrote the summary. */
  source?: string;
  measured?: number;
  n?: number;
}

/**
 * The harness's own list when present — it also holds thresholds whose metric never got a sample, which k6's
 * per-metric `thresholds` cannot show — else k6's.
 */
export function thresholdOutcomes(summary: LoadSummary): ThresholdOutcome[] {
  const own = summary.golden_path?.thresholds;
  if (own && own.length > 0) {
    return own.map((t) => ({
      metric: t.metric,
      expression: t.expression,
      ok: t.ok,
      ...(t.source ? { source: t.source } : {}),
      ...(t.measured !== undefined ? { measured: t.measured } : {}),
      ...(t.n !== undefined ? { n: t.n } : {}),
    }));
  }
  return Object.entries(summary.metrics).flatMap(([metric, m]) =>
    Object.entries(m.thresholds ?? {}).map(([expression, t]) => ({ metric, expression, ok: t.ok })),
  );
}

/** The number a threshold compares against (`p(95)<=500` → 500). */
export function thresholdTarget(expression: string): number | undefined {
  const m = /(?:<=?|>=?|==)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expression);
  return m ? Number(m[1]) : undefined;
}

/**
 * Thresholds that judge an SLA, as ledger entries: the load run's SLAs join the functional ones in sla.json.
 * The figure is the load run's own (its aggregation, its n); nothing is re-measured here.
 */
export function loadLedgerEntries(
  summary: LoadSummary,
  scenario: string,
  environment: string,
  at: string,
): LedgerEntry[] {
  return thresholdOutcomes(summary).flatMap((t): LedgerEntry[] => {
    const def = SLA_DEFAULTS.find((d) => d.id === t.source);
    if (!def) return [];
    const target = thresholdTarget(t.expression) ?? def.target;
    const basis = `load ${scenario}: ${t.metric} ${t.expression}, n=${t.n ?? '?'}`;
    const base = {
      id: def.id,
      environment,
      target,
      unit: def.unit,
      bound: def.bound,
      statistic: def.statistic,
      source: `load › ${scenario} › ${t.metric} ${t.expression}`,
      at,
    };
    if (t.measured === undefined) {
      return [
        {
          ...base,
          status: 'unmeasured',
          pass: false,
          measured: undefined,
          message: `SLA ${def.id} not measured on ${environment}: no samples (${basis})`,
        },
      ];
    }
    const op = def.bound === 'max' ? (t.ok ? '≤' : '>') : t.ok ? '≥' : '<';
    const verb = t.ok ? 'met' : 'breached';
    const message = `SLA ${def.id} ${verb} on ${environment}: ${format(t.measured, def.unit)} ${op} ${format(target, def.unit)} (${basis})`;
    return [{ ...base, status: t.ok ? 'passed' : 'failed', pass: t.ok, measured: t.measured, message }];
  });
}
