// Thresholds of a scenario, generated from the SLA table (k6 syntax), and their evaluation for the Node executor.
import type { SlaDefinition, SlaStatistic, SlaTable } from '../../src/config/sla-table.ts';
import type { ScenarioName } from './load-shapes.ts';
import { M, metricsOf, type MetricDefinition, type MetricKind } from './metrics.ts';

export interface ThresholdRule {
  metric: string;
  /** k6 threshold expression, e.g. `p(95)<=500`. */
  expression: string;
  /** The SLA id it judges, or `invariant: …`. */
  source: string;
  /** Hard rules stop the run at once when crossed (k6 abortOnFail). */
  abortOnFail: boolean;
}

/**
 * Hard rules stop the run when crossed: another user's frames (a data leak: more load only leaks more) and 1011
 * closes (the server is failing sessions). Slow or unhealthy answers are measured to the end instead.
 */
const HARD_METRICS: ReadonlySet<string> = new Set([M.isolation.name, M.close1011.name]);
/** abortOnFail thresholds are evaluated only after this delay, so an early breach still leaves evidence. */
export const ABORT_EVAL_DELAY_MS = 5000;
const ABORT_EVAL_DELAY = `${ABORT_EVAL_DELAY_MS / 1000}s`;

export interface ThresholdOptions {
  /** false when the profile maps every client to one identity (demo mode): isolation does not apply. */
  isolation: boolean;
  /** false when every user has a pre-issued token: no login is made, so none can be judged. */
  login: boolean;
}

export function thresholdRules(
  scenario: ScenarioName,
  sla: SlaTable,
  options: ThresholdOptions,
): ThresholdRule[] {
  const rules: ThresholdRule[] = [];
  for (const metric of metricsOf(scenario)) {
    if (metric.invariant !== undefined) {
      if (metric.name === M.isolation.name && !options.isolation) continue;
      // An invariant is not an SLA figure: none may happen, whatever the environment.
      rules.push({
        metric: metric.name,
        expression: 'count==0',
        source: `invariant: ${metric.invariant}`,
        abortOnFail: HARD_METRICS.has(metric.name),
      });
      continue;
    }
    if (metric.sla === undefined) continue;
    if (metric.name === M.login.name && !options.login) continue;
    const def = sla[metric.sla];
    if (def.bound === 'report') continue;
    const op = def.bound === 'max' ? '<=' : '>=';
    rules.push({
      metric: metric.name,
      expression: `${aggregation(metric.kind, def.statistic)}${op}${def.target}`,
      source: def.id,
      abortOnFail: HARD_METRICS.has(metric.name),
    });
  }
  return rules;
}

/** The statistic an SLA judges, in the aggregation a k6 metric of that kind offers. */
function aggregation(kind: MetricKind, statistic: SlaStatistic): string {
  if (kind === 'counter') return 'count';
  if (kind === 'rate') return 'rate';
  if (kind === 'gauge') return 'value';
  switch (statistic) {
    case 'p95':
      return 'p(95)';
    case 'max':
    case 'value':
      return 'max';
    case 'mean':
    case 'rate':
      return 'avg';
    case 'count':
      return 'count';
  }
}

export type K6Threshold = string | { threshold: string; abortOnFail: boolean; delayAbortEval: string };

/** The `options.thresholds` object of a k6 script. */
export function k6Thresholds(rules: readonly ThresholdRule[]): Record<string, K6Threshold[]> {
  const out: Record<string, K6Threshold[]> = {};
  for (const r of rules) {
    const entry: K6Threshold = r.abortOnFail
      ? { threshold: r.expression, abortOnFail: true, delayAbortEval: ABORT_EVAL_DELAY }
      : r.expression;
    (out[r.metric] ??= []).push(entry);
  }
  return out;
}

const EXPRESSION =
  /^\s*(avg|min|max|med|count|rate|value|p\((\d+(?:\.\d+)?)\))\s*(<=|>=|==|===|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

export interface ParsedThreshold {
  aggregation: string;
  op: string;
  target: number;
}

export function parseThreshold(expression: string): ParsedThreshold {
  const m = EXPRESSION.exec(expression);
  if (!m?.[1] || !m[3] || !m[4])
    throw new Error(`THRESHOLD_INVALID: "${expression}" is not "<aggregation><op><number>"`);
  return { aggregation: m[1], op: m[3], target: Number(m[4]) };
}

export interface ThresholdVerdict {
  ok: boolean;
  /** The aggregated value judged; undefined when the metric had no samples. */
  measured: number | undefined;
  unmeasured: boolean;
}

/**
 * Evaluates an expression on a metric's summary values. Unlike k6, which passes a threshold whose metric was
 * never sampled, an unmeasured threshold fails here: an SLA that could not be measured is never green.
 */
export function evaluateThreshold(
  expression: string,
  values: Readonly<Record<string, number>> | undefined,
): ThresholdVerdict {
  const { aggregation: agg, op, target } = parseThreshold(expression);
  const measured = values?.[agg];
  if (measured === undefined || Number.isNaN(measured))
    return { ok: false, measured: undefined, unmeasured: true };
  return { ok: compare(measured, op, target), measured, unmeasured: false };
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '!=':
      return a !== b;
    default:
      return a === b;
  }
}

/** The metric definition behind a threshold rule (for messages: what it measures). */
export function describeRule(rule: ThresholdRule, metrics: readonly MetricDefinition[]): string {
  const def = metrics.find((m) => m.name === rule.metric);
  return `${rule.metric} ${rule.expression} (${rule.source}${def ? `: ${def.what}` : ''})`;
}

export type { SlaDefinition };
