// A series as text (pure): a one-line sparkline and a table of points, for `npm run history -- --check`.
import type { SlaDefinition } from '../config/sla-table.ts';
import { format } from '../sla/judge.ts';
import type { SlaPoint } from './types.ts';

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled min..max; a missing value is `·`. */
export function sparkline(values: readonly (number | null)[]): string {
  const real = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (real.length === 0) return values.map(() => '·').join('');
  const lo = Math.min(...real);
  const hi = Math.max(...real);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return '·';
      const i = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[i] as string;
    })
    .join('');
}

/** The series as rows: when, which run, measured, status, target. */
export function seriesTable(points: readonly SlaPoint[]): string {
  const rows = points.map((p) => {
    const unit = p.unit as SlaDefinition['unit'];
    return [
      p.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      p.kind,
      p.runId.slice(0, 8),
      p.measured === null ? 'not measured' : format(p.measured, unit),
      p.status,
      format(p.target, unit) + (p.degraded !== undefined ? ` (degraded ${format(p.degraded, unit)})` : ''),
    ];
  });
  const header = ['at', 'kind', 'run', 'measured', 'status', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
