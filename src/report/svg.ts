// Shared SVG primitives for the report's charts: escaping, number formatting, a self-contained document shell.
import { formatDuration } from '../format/duration.ts';

/** Escape text for SVG/XML content and attribute values. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Coordinates rounded to 0.1 px: stable output for tests and small files. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Milliseconds for axis labels and bars: "850 ms", "1.2 s", "12 s". */
export function msLabel(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return formatDuration(ms, { digits: Math.abs(ms) < 10_000 ? 1 : 0 });
}

/** "Nice" axis ticks (1, 2, 5 × 10^k) covering 0..max. */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let v = 0; v <= max + step / 2 && out.length <= count + 2; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A standalone SVG document: explicit width/height and xmlns so it renders as an <img> or a file,
 * a <title> for accessibility, and only inline styles (a report must make no outside requests).
 */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

export const COLORS = {
  axis: '#6b7280',
  grid: '#e5e7eb',
  text: '#111827',
  bar: '#3b82f6',
  barOver: '#ef4444',
  target: '#dc2626',
  degraded: '#f59e0b',
  marker: '#7c3aed',
} as const;
