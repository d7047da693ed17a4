// Regressions against the run's own history (pure): a baseline per SLA (last green run, or an N-day median) and a
// tolerance; a figure worse than baseline × (1 ± tolerance) is a regression even while the SLA itself passes.
import { SLA_DEFAULTS, type SlaDefinition } from '../config/sla-table.ts';
import { finding, type Finding } from '../diagnosis/finding.ts';
import { format } from '../sla/judge.ts';
import type { RunKind, SlaPoint, SlaRecord } from './types.ts';

export type Baseline = { kind: 'last-green' } | { kind: 'median'; days: number };

export class HistoryArgError extends Error {
  readonly code = 'HISTORY_ARG';
}

/** `last-green` or `<N>d-median` (`7d-median`). */
export function parseBaseline(raw: string): Baseline {
  if (raw === 'last-green') return { kind: 'last-green' };
  const m = /^(\d{1,3})d-median$/.exec(raw);
  if (m && Number(m[1]) > 0) return { kind: 'median', days: Number(m[1]) };
  throw new HistoryArgError(`--baseline must be last-green or <days>d-median (e.g. 7d-median), got "${raw}"`);
}

export function describeBaseline(b: Baseline): string {
  return b.kind === 'last-green' ? 'last-green' : `${b.days}d-median`;
}

/** `20%` or `20` → 0.2; 0–1000 %. */
export function parseTolerance(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(raw.trim());
  const pct = m ? Number(m[1]) : Number.NaN;
  if (!(pct >= 0 && pct <= 1000))
    throw new HistoryArgError(`--tolerance must be a percentage 0–1000 %, e.g. 20%, got "${raw}"`);
  return pct / 100;
}

/** `7d`, `24h`, `30m` → milliseconds. */
export function parseSince(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(raw.trim());
  if (!m) throw new HistoryArgError(`--since must be a span such as 30m, 24h, 7d or 2w, got "${raw}"`);
  return (
    Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w']
  );
}

/** The runs whose SLA figures compare: functional runs with each other, load runs with load runs. */
export function comparableKinds(kind: RunKind): RunKind[] {
  return kind === 'load' ? ['load'] : ['gate', 'nightly', 'monitor'];
}

export interface BaselineValue {
  value: number;
  /** `last-green: run 3f2a… at 2026-12-01T10:00Z` or `7d-median of 12 runs`. */
  basis: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The baseline of one SLA from its earlier points (oldest first); none when the history holds nothing to compare. */
export function baselineOf(points: readonly SlaPoint[], b: Baseline, now: Date): BaselineValue | undefined {
  if (b.kind === 'last-green') {
    const green = [...points].reverse().find((p) => p.runState === 'passed' && p.measured !== null);
    return green
      ? {
          value: green.measured as number,
          basis: `last-green: run ${green.runId.slice(0, 8)} at ${green.at}`,
        }
      : undefined;
  }
  const from = now.getTime() - b.days * 86_400_000;
  // A failed or unmeasured point is an outage, not the normal the figure is compared with.
  const values = points
    .filter(
      (p) =>
        Date.parse(p.at) >= from && (p.status === 'passed' || p.status === 'degraded') && p.measured !== null,
    )
    .map((p) => p.measured as number);
  return values.length > 0
    ? { value: median(values), basis: `${b.days}d-median of ${values.length} run(s)` }
    : undefined;
}

export interface Regression {
  slaId: string;
  measured: number;
  baseline: BaselineValue;
  /** Relative change in the bad direction (0.73 = 73 % worse). */
  change: number;
  tolerance: number;
  line: string;
  finding: Finding;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/**
 * One SLA of this run against its baseline. Only judged SLAs that passed (a failure is already red), with a
 * measured figure and a non-zero baseline (a ratio of nothing says nothing).
 */
export function regressionOf(
  sla: SlaRecord,
  environment: string,
  baseline: BaselineValue | undefined,
  tolerance: number,
  def: Pick<SlaDefinition, 'bound'> | undefined = SLA_DEFAULTS.find((d) => d.id === sla.id),
): Regression | undefined {
  if (!def || def.bound === 'report' || !baseline || baseline.value === 0 || sla.measured === null)
    return undefined;
  if (sla.status !== 'passed' && sla.status !== 'degraded') return undefined;
  const change = def.bound === 'max' ? sla.measured / baseline.value - 1 : 1 - sla.measured / baseline.value;
  if (!(change > tolerance)) return undefined;
  const unit = sla.unit as SlaDefinition['unit'];
  const op = def.bound === 'max' ? '≤' : '≥';
  const line = `SLA ${sla.id} regressed on ${environment}: ${format(sla.measured, unit)} vs baseline ${format(baseline.value, unit)} (${baseline.basis}) is ${pct(change)} worse, beyond the tolerance of ${pct(tolerance)} (the SLA itself, ${op} ${format(sla.target, unit)}, still passes)`;
  return {
    slaId: sla.id,
    measured: sla.measured,
    baseline,
    change,
    tolerance,
    line,
    finding: finding('F37', `regression.${sla.id}`, line, [
      `measured ${sla.measured} ${sla.unit}, n=${sla.n}`,
      `baseline ${baseline.value} ${sla.unit} (${baseline.basis})`,
      `tolerance ${pct(tolerance)}, SLA target ${sla.target} ${sla.unit}`,
    ]),
  };
}
