// An SLA's last-N trend as a small SVG (pure): one dot per run coloured by its status, the target and degraded lines.
import { format } from '../sla/judge.ts';
import type { SlaDefinition } from '../config/sla-table.ts';
import { COLORS, esc, px, svgDocument } from './svg.ts';

export interface TrendPoint {
  at: string;
  measured: number | null;
  status: 'passed' | 'degraded' | 'failed' | 'unmeasured' | 'reported';
  /** This run (drawn larger). */
  current?: boolean;
}

export interface TrendInput {
  title: string;
  unit: SlaDefinition['unit'];
  bound: SlaDefinition['bound'];
  target?: number;
  degraded?: number;
  points: readonly TrendPoint[];
}

const W = 420;
const H = 120;
const M = { left: 8, right: 110, top: 22, bottom: 16 };

const DOT: Record<TrendPoint['status'], string> = {
  passed: COLORS.bar,
  degraded: COLORS.degraded,
  failed: COLORS.barOver,
  unmeasured: COLORS.axis,
  reported: COLORS.bar,
};

export function slaTrendChart(input: TrendInput): string {
  const values = input.points
    .map((p) => p.measured)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const bounds =
    input.bound === 'report'
      ? []
      : [input.target, input.degraded].filter((b): b is number => b !== undefined);
  const hi = Math.max(...values, ...bounds, 0) * 1.1 || 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const n = input.points.length;
  const x = (i: number): number => M.left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number): number => M.top + plotH - (v / hi) * plotH;
  const body: string[] = [
    `<text x="${M.left}" y="14" fill="${COLORS.text}" font-weight="600">${esc(input.title)}</text>`,
    `<line x1="${M.left}" y1="${px(M.top + plotH)}" x2="${px(M.left + plotW)}" y2="${px(M.top + plotH)}" stroke="${COLORS.grid}"/>`,
  ];
  const line = (v: number | undefined, color: string, label: string): void => {
    if (v === undefined || input.bound === 'report') return;
    body.push(
      `<line x1="${M.left}" y1="${px(y(v))}" x2="${px(M.left + plotW)}" y2="${px(y(v))}" stroke="${color}" stroke-dasharray="4 3"/>`,
      `<text x="${px(M.left + plotW + 4)}" y="${px(y(v) + 4)}" fill="${color}" font-size="10">${esc(`${label} ${format(v, input.unit)}`)}</text>`,
    );
  };
  line(input.target, COLORS.target, 'target');
  line(input.degraded, COLORS.degraded, 'degraded');
  const measured = input.points.map((p, i) =>
    p.measured === null ? undefined : `${px(x(i))},${px(y(p.measured))}`,
  );
  const path = measured.filter((c): c is string => c !== undefined);
  if (path.length > 1)
    body.push(`<polyline points="${path.join(' ')}" fill="none" stroke="${COLORS.axis}" stroke-width="1"/>`);
  input.points.forEach((p, i) => {
    const label = `${p.at}: ${p.measured === null ? 'not measured' : format(p.measured, input.unit)} (${p.status})${p.current ? ' — this run' : ''}`;
    if (p.measured === null) {
      body.push(
        `<text x="${px(x(i))}" y="${px(M.top + plotH - 2)}" fill="${DOT.unmeasured}" text-anchor="middle" font-size="10"><title>${esc(label)}</title>×</text>`,
      );
      return;
    }
    body.push(
      `<circle cx="${px(x(i))}" cy="${px(y(p.measured))}" r="${p.current ? 4.5 : 3}" fill="${DOT[p.status]}"${p.current ? ` stroke="${COLORS.text}"` : ''}><title>${esc(label)}</title></circle>`,
    );
  });
  const last = input.points.at(-1);
  body.push(
    `<text x="${M.left}" y="${H - 3}" fill="${COLORS.axis}" font-size="10">${esc(`${n} run(s), oldest → newest${last?.measured !== null && last !== undefined ? `; last ${format(last.measured, input.unit)} (${last.status})` : ''}`)}</text>`,
  );
  return svgDocument(W, H, input.title, body);
}
