// Latency charts as SVG strings (pure): a histogram of samples or buckets, and a percentile profile for summaries.
import { COLORS, esc, msLabel, px, svgDocument, ticks } from './svg.ts';

export interface Bucket {
  /** Lower and upper bound of the bucket, ms. */
  from: number;
  to: number;
  count: number;
}

export interface HistogramInput {
  title: string;
  /** Raw samples (ms) — or precomputed buckets. */
  samples?: readonly number[];
  buckets?: readonly Bucket[];
  /** The SLA target (ms): bars above it are drawn red and a line marks it. */
  target?: number;
  degraded?: number;
  binCount?: number;
}

const W = 640;
const H = 300;
const M = { left: 56, right: 20, top: 36, bottom: 48 };

/** Equal-width buckets over 0..max(samples, target): the target line always lies inside the chart. */
export function bucketize(samples: readonly number[], binCount = 20, target?: number): Bucket[] {
  const finite = samples.filter(Number.isFinite);
  if (finite.length === 0) return [];
  const hi = Math.max(...finite, target !== undefined ? target * 1.05 : 0);
  const width = hi > 0 ? hi / binCount : 1;
  const buckets: Bucket[] = Array.from({ length: binCount }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    count: 0,
  }));
  for (const v of finite) {
    const i = Math.min(binCount - 1, Math.max(0, Math.floor(v / width)));
    (buckets[i] as Bucket).count++;
  }
  return buckets;
}

/** A bound far beyond every sample would squash the samples into one bar: it is then named, not drawn. */
const OFF_SCALE = 1.5;

export function latencyHistogram(input: HistogramInput): string {
  const finite = (input.samples ?? []).filter(Number.isFinite);
  const top = input.buckets ? Math.max(0, ...input.buckets.map((b) => b.to)) : Math.max(0, ...finite);
  const onScale = (bound: number | undefined): number | undefined =>
    bound !== undefined && bound <= top * OFF_SCALE ? bound : undefined;
  const target = onScale(input.target);
  const degraded = onScale(input.degraded);
  const buckets = input.buckets ?? bucketize(finite, input.binCount, target);
  const n = buckets.reduce((a, b) => a + b.count, 0);
  const title = `${input.title} (n=${n})`;
  if (buckets.length === 0 || n === 0) {
    return svgDocument(W, 80, title, [
      `<text x="16" y="28" font-weight="600">${esc(title)}</text>`,
      `<text x="16" y="56" fill="${COLORS.axis}">no samples</text>`,
    ]);
  }
  const xMax = Math.max(buckets[buckets.length - 1]?.to ?? 1, target ?? 0) || 1;
  const yMax = Math.max(...buckets.map((b) => b.count));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (v: number): number => M.left + (v / xMax) * plotW;
  const y = (c: number): number => M.top + plotH - (c / yMax) * plotH;
  const body: string[] = [`<text x="${M.left}" y="22" font-weight="600">${esc(title)}</text>`];
  // Counts are whole: never more ticks than counts, so no "0.5 requests".
  for (const t of ticks(yMax, Math.min(4, yMax))) {
    body.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${COLORS.grid}"/>`,
    );
    body.push(
      `<text x="${M.left - 6}" y="${px(y(t) + 4)}" text-anchor="end" fill="${COLORS.axis}">${t}</text>`,
    );
  }
  for (const b of buckets) {
    if (b.count === 0) continue;
    const over = input.target !== undefined && b.from >= input.target;
    const bx = x(b.from);
    const bw = Math.max(1, x(b.to) - bx - 1);
    body.push(
      `<rect x="${px(bx)}" y="${px(y(b.count))}" width="${px(bw)}" height="${px(M.top + plotH - y(b.count))}" fill="${over ? COLORS.barOver : COLORS.bar}"><title>${esc(`${msLabel(b.from)}–${msLabel(b.to)}: ${b.count}`)}</title></rect>`,
    );
  }
  body.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="${COLORS.axis}"/>`,
  );
  for (const t of ticks(xMax, 6)) {
    if (t > xMax) continue;
    body.push(
      `<text x="${px(x(t))}" y="${M.top + plotH + 16}" text-anchor="middle" fill="${COLORS.axis}">${esc(msLabel(t))}</text>`,
    );
  }
  body.push(
    `<text x="${M.left + plotW / 2}" y="${H - 8}" text-anchor="middle" fill="${COLORS.axis}">latency</text>`,
  );
  body.push(...boundLine(degraded, 'degraded', COLORS.degraded, x, plotH));
  body.push(...boundLine(target, 'target', COLORS.target, x, plotH));
  if (input.target !== undefined && target === undefined) {
    body.push(
      `<text x="${W - M.right}" y="22" text-anchor="end" fill="${COLORS.target}">${esc(`target ${msLabel(input.target)} (off scale →)`)}</text>`,
    );
  }
  return svgDocument(W, H, title, body);
}

function boundLine(
  value: number | undefined,
  name: string,
  color: string,
  x: (v: number) => number,
  plotH: number,
): string[] {
  if (value === undefined || !Number.isFinite(value)) return [];
  const at = px(x(value));
  return [
    `<line x1="${at}" x2="${at}" y1="${M.top - 4}" y2="${M.top + plotH}" stroke="${color}" stroke-width="2" stroke-dasharray="6 3"/>`,
    `<text x="${at}" y="${M.top - 8}" text-anchor="middle" fill="${color}">${esc(`${name} ${msLabel(value)}`)}</text>`,
  ];
}

export interface PercentileInput {
  title: string;
  /** Statistic name → ms, in display order (min, med, avg, p(90), p(95), p(99), max). */
  values: ReadonlyArray<readonly [string, number]>;
  target?: number;
  n?: number;
}

/**
 * A summary carries percentiles, not samples (k6's summary schema): each statistic is a horizontal bar,
 * red when above the target, so the shape of the distribution is still visible.
 */
export function percentileChart(input: PercentileInput): string {
  const rows = input.values.filter(([, v]) => Number.isFinite(v));
  const title = input.n !== undefined ? `${input.title} (n=${input.n})` : input.title;
  const rowH = 24;
  const height = M.top + rows.length * rowH + 40;
  const left = 70;
  const plotW = W - left - 90;
  const xMax = Math.max(...rows.map(([, v]) => v), (input.target ?? 0) * 1.05) || 1;
  const x = (v: number): number => left + (v / xMax) * plotW;
  const body: string[] = [`<text x="16" y="22" font-weight="600">${esc(title)}</text>`];
  rows.forEach(([name, value], i) => {
    const top = M.top + i * rowH;
    const over = input.target !== undefined && value > input.target;
    body.push(
      `<text x="${left - 8}" y="${top + 15}" text-anchor="end" fill="${COLORS.text}">${esc(name)}</text>`,
    );
    body.push(
      `<rect x="${left}" y="${top + 4}" width="${px(Math.max(1, x(value) - left))}" height="${rowH - 8}" fill="${over ? COLORS.barOver : COLORS.bar}"/>`,
    );
    body.push(
      `<text x="${px(x(value) + 6)}" y="${top + 15}" fill="${COLORS.text}">${esc(msLabel(value))}</text>`,
    );
  });
  const bottom = M.top + rows.length * rowH;
  if (input.target !== undefined) {
    const at = px(x(input.target));
    body.push(
      `<line x1="${at}" x2="${at}" y1="${M.top}" y2="${bottom}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="6 3"/>`,
    );
    body.push(
      `<text x="${at}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.target}">${esc(`target ${msLabel(input.target)}`)}</text>`,
    );
  }
  return svgDocument(W, height, title, body);
}
