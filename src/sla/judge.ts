// Judges a measurement against its SLA definition and words the verdict (pure: shared by tests, load and gate).
import type { Finding } from '../diagnosis/finding.ts';
import type { SlaDefinition, SlaStatistic } from '../config/sla-table.ts';
import { type Summary, summarize } from './stats.ts';
import { formatDuration } from '../format/duration.ts';

export type SlaStatus = 'passed' | 'degraded' | 'failed' | 'unmeasured' | 'reported';

export interface SlaResult {
  id: string;
  environment: string;
  status: SlaStatus;
  pass: boolean;
  measured: number | undefined;
  target: number;
  degraded?: number;
  unit: SlaDefinition['unit'];
  bound: SlaDefinition['bound'];
  statistic: SlaStatistic;
  summary?: Summary;
  note?: string;
  message: string;
  /** A result that did not pass: what it points to (the SLA's class, or unclassified). */
  finding?: Finding;
}

/** A measurement: one value, a list of samples (judged by the SLA's statistic), or a reason it is missing. */
export type Measurement = number | readonly number[] | { unmeasured: string };

export function judge(def: SlaDefinition, environment: string, m: Measurement, note?: string): SlaResult {
  const base = {
    id: def.id,
    environment,
    target: def.target,
    unit: def.unit,
    bound: def.bound,
    statistic: def.statistic,
    ...(def.degraded !== undefined ? { degraded: def.degraded } : {}),
  };
  if (typeof m === 'object' && !Array.isArray(m) && 'unmeasured' in m) {
    const message = `SLA ${def.id} not measured on ${environment}: ${m.unmeasured}`;
    return { ...base, status: 'unmeasured', pass: false, measured: undefined, note: m.unmeasured, message };
  }
  const samples = typeof m === 'number' ? [m] : (m as readonly number[]);
  const summary = summarize(samples);
  if (summary.n === 0) {
    return {
      ...base,
      status: 'unmeasured',
      pass: false,
      measured: undefined,
      message: `SLA ${def.id} not measured on ${environment}: no samples`,
    };
  }
  const measured = pick(summary, def.statistic, samples);
  const basis = summary.n > 1 ? ` (${def.statistic}, n=${summary.n})` : ' (n=1)';
  const withSummary = summary.n > 1 ? { summary } : {};
  const extra = note ? { note } : {};
  if (def.bound === 'report') {
    return {
      ...base,
      ...withSummary,
      ...extra,
      status: 'reported',
      pass: true,
      measured,
      message: `SLA ${def.id} on ${environment}: ${format(measured, def.unit)}${basis} (reported)`,
    };
  }
  const ok = def.bound === 'max' ? measured <= def.target : measured >= def.target;
  const op = def.bound === 'max' ? '>' : '<';
  if (!ok) {
    const message = `SLA ${def.id} breached on ${environment}: ${format(measured, def.unit)} ${op} ${format(def.target, def.unit)}${basis}`;
    return { ...base, ...withSummary, ...extra, status: 'failed', pass: false, measured, message };
  }
  const degraded =
    def.degraded !== undefined && (def.bound === 'max' ? measured > def.degraded : measured < def.degraded);
  const within = `${format(measured, def.unit)} ${def.bound === 'max' ? '≤' : '≥'} ${format(def.target, def.unit)}`;
  // A degraded figure names the softer bound it crossed: "met" alone would not say why it is not green.
  const past =
    degraded && def.degraded !== undefined
      ? ` but ${def.bound === 'max' ? '>' : '<'} ${format(def.degraded, def.unit)} (degraded bound)`
      : '';
  const message = `SLA ${def.id} ${degraded ? 'degraded' : 'met'} on ${environment}: ${within}${past}${basis}`;
  return {
    ...base,
    ...withSummary,
    ...extra,
    status: degraded ? 'degraded' : 'passed',
    pass: true,
    measured,
    message,
  };
}

function pick(s: Summary, statistic: SlaStatistic, samples: readonly number[]): number {
  switch (statistic) {
    case 'value':
      return samples[samples.length - 1] as number;
    case 'p95':
      return s.p95;
    case 'max':
      return s.max;
    case 'mean':
    case 'rate':
      return s.mean;
    case 'count':
      return samples.reduce((a, b) => a + b, 0);
  }
}

export function format(value: number, unit: SlaDefinition['unit']): string {
  switch (unit) {
    case 'ms':
      return formatDuration(value);
    case 'ratio':
      return `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 1)} %`;
    case 'factor':
      return `${value.toFixed(2)}×`;
    case 'per_s':
      return `${value.toFixed(1)}/s`;
    case 'days':
      return `${Math.floor(value)} days`;
    case 'count':
      return String(Math.round(value));
  }
}
