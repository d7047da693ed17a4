// Latency charts as SVG strings (pure): a histogram of samples or (log-spaced) buckets, and a percentile profile.
import { COLORS, esc, msLabel, px, svgDocument, ticks } from './svg.ts';
import { formatDuration } from '../format/duration.ts';

export interface Bucket {
  /** Lower and upper bound of the bucket, ms. */
  from: number;
  to: number;
  count: number;
}

export interface HistogramInput {
  title: string;
  /** A second line under the title: where the buckets come from. */
  note?: string;
  /** Raw samples (ms) — or precomputed buckets. */
  samples?: readonly number[];
  buckets?: readonly Bucket[];
  /** `log`: log-spaced buckets drawn on a log axis, each as wide as the others (buckets only). */
  scale?: 'linear' | 'log';
  /** The SLA target (ms): bars above it are drawn red and a line marks it. */
  target?: number;
  degraded?: number;
  binCount?: number;
}

const W = 640;
const H = 300;
const M = { left: 56, right: 20, top: 36, bottom: 48 };
/** Room for the note under the title. */
const NOTE_H = 16;

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
/** On a log axis a bound is drawn when the samples still fill at least half the axis. */
const OFF_SCALE_LOG = 2;

interface Axis {
  x: (v: number) => number;
  ticks: number[];
  label: (v: number) => string;
  onScale: (bound: number | undefined) => number | undefined;
  /** The axis's left end: a bound below it is off scale to the left. */
  min: number;
}

function linearAxis(buckets: readonly Bucket[], top: number, bounds: (number | undefined)[]): Axis {
  const onScale = (b: number | undefined) => (b !== undefined && b <= top * OFF_SCALE ? b : undefined);
  const xMax = Math.max(buckets[buckets.length - 1]?.to ?? 1, ...bounds.map((b) => onScale(b) ?? 0)) || 1;
  const plotW = W - M.left - M.right;
  return {
    x: (v) => M.left + (v / xMax) * plotW,
    ticks: ticks(xMax, 6).filter((t) => t <= xMax),
    label: msLabel,
    onScale,
    min: 0,
  };
}

function logAxis(buckets: readonly Bucket[], top: number, bounds: (number | undefined)[]): Axis {
  const first = buckets[0];
  const lo = first && first.from > 0 ? first.from : (first?.to ?? 1) / 10;
  const room = 1.1;
  const samples = Math.log10(top / lo) || Math.log10(room);
  // Beyond the samples on either side, a bound gets a little room so its label stays inside the chart.
  const onScale = (b: number | undefined) =>
    b !== undefined &&
    b > 0 &&
    Math.log10(Math.max(b * room, top) / Math.min(b / room, lo)) <= samples * OFF_SCALE_LOG
      ? b
      : undefined;
  const drawn = bounds.map(onScale).filter((b): b is number => b !== undefined);
  const xMin = Math.min(lo, ...drawn.map((b) => b / room));
  const xMax = Math.max(top, ...drawn.map((b) => b * room));
  const plotW = W - M.left - M.right;
  const span = Math.log10(xMax / xMin) || 1;
  const inRange = (t: number) => t >= xMin * 0.999 && t <= xMax * 1.001;
  const all: number[] = [];
  for (let k = Math.floor(Math.log10(xMin)); k <= Math.ceil(Math.log10(xMax)); k++)
    for (const m of [1, 2, 5]) all.push(Number((m * 10 ** k).toPrecision(3)));
  const decades = all.filter((t) => inRange(t) && Math.log10(t) % 1 === 0);
  const fine = all.filter(inRange);
  // A narrow distribution may hold no round number: its ends are labelled instead.
  const chosen = fine.length <= 8 || decades.length < 2 ? fine : decades;
  return {
    x: (v) => M.left + (Math.log10(Math.max(v, xMin) / xMin) / span) * plotW,
    ticks: chosen.length >= 2 ? chosen : [xMin, xMax],
    label: fineMs,
    onScale,
    min: xMin,
  };
}

/** Labels with three significant digits: sub-millisecond values and narrow distributions keep their digits. */
function fineMs(ms: number): string {
  return formatDuration(ms, { significant: 3 });
}

export function latencyHistogram(input: HistogramInput): string {
  const finite = (input.samples ?? []).filter(Number.isFinite);
  const log = input.scale === 'log' && input.buckets !== undefined;
  const top = input.buckets ? Math.max(0, ...input.buckets.map((b) => b.to)) : Math.max(0, ...finite);
  const linearTarget =
    input.target !== undefined && input.target <= top * OFF_SCALE ? input.target : undefined;
  const buckets = input.buckets ?? bucketize(finite, input.binCount, linearTarget);
  const n = buckets.reduce((a, b) => a + b.count, 0);
  const title = `${input.title} (n=${n})`;
  const head = [`<text x="${M.left}" y="22" font-weight="600">${esc(title)}</text>`];
  if (input.note)
    head.push(`<text x="${M.left}" y="${22 + NOTE_H}" fill="${COLORS.axis}">${esc(input.note)}</text>`);
  const dy = input.note ? NOTE_H : 0;
  if (buckets.length === 0 || n === 0) {
    return svgDocument(W, 80, title, [
      `<text x="16" y="28" font-weight="600">${esc(title)}</text>`,
      `<text x="16" y="56" fill="${COLORS.axis}">no samples</text>`,
    ]);
  }
  const axis = (log ? logAxis : linearAxis)(buckets, top, [input.target, input.degraded]);
  const target = axis.onScale(input.target);
  const degraded = axis.onScale(input.degraded);
  const height = H + dy;
  const plotTop = M.top + dy;
  // Counts are whole: never more ticks than counts, so no "0.5 requests"; the axis ends on its top tick.
  const most = Math.max(...buckets.map((b) => b.count));
  const yTicks = ticks(most, Math.min(4, most));
  const yMax = Math.max(most, ...yTicks);
  const plotH = height - plotTop - M.bottom;
  const { x } = axis;
  const y = (c: number): number => plotTop + plotH - (c / yMax) * plotH;
  const body: string[] = [...head];
  for (const t of yTicks) {
    body.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${COLORS.grid}"/>`,
    );
    body.push(
      `<text x="${M.left - 6}" y="${px(y(t) + 4)}" text-anchor="end" fill="${COLORS.axis}">${t}</text>`,
    );
  }
  for (const [i, b] of buckets.entries()) {
    if (b.count === 0) continue;
    const over = input.target !== undefined && b.from >= input.target;
    const bx = x(b.from);
    const bw = Math.max(1, x(b.to) - bx - 1);
    // A log histogram's first bucket also holds everything below it (zeros).
    const range = log && i === 0 ? `≤ ${fineMs(b.to)}` : `${axis.label(b.from)}–${axis.label(b.to)}`;
    body.push(
      `<rect x="${px(bx)}" y="${px(y(b.count))}" width="${px(bw)}" height="${px(plotTop + plotH - y(b.count))}" fill="${over ? COLORS.barOver : COLORS.bar}"><title>${esc(`${range}: ${b.count}`)}</title></rect>`,
    );
  }
  body.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${plotTop + plotH}" y2="${plotTop + plotH}" stroke="${COLORS.axis}"/>`,
  );
  for (const t of axis.ticks) {
    // A label at either end of the axis is anchored inward, so it is not cut off.
    const at = x(t);
    const anchor = at < M.left + 24 ? 'start' : at > W - M.right - 24 ? 'end' : 'middle';
    body.push(
      `<text x="${px(at)}" y="${plotTop + plotH + 16}" text-anchor="${anchor}" fill="${COLORS.axis}">${esc(axis.label(t))}</text>`,
    );
  }
  body.push(
    `<text x="${M.left + (W - M.left - M.right) / 2}" y="${height - 8}" text-anchor="middle" fill="${COLORS.axis}">${log ? 'latency (log scale)' : 'latency'}</text>`,
  );
  body.push(...boundLine(degraded, 'degraded', COLORS.degraded, x, plotTop, plotH));
  body.push(...boundLine(target, 'target', COLORS.target, x, plotTop, plotH));
  if (input.target !== undefined && target === undefined) {
    const side = input.target < axis.min ? '←' : '→';
    body.push(
      `<text x="${W - M.right}" y="22" text-anchor="end" fill="${COLORS.target}">${esc(`target ${msLabel(input.target)} (off scale ${side})`)}</text>`,
    );
  }
  return svgDocument(W, height, title, body);
}

function boundLine(
  value: number | undefined,
  name: string,
  color: string,
  x: (v: number) => number,
  plotTop: number,
  plotH: number,
): string[] {
  if (value === undefined || !Number.isFinite(value)) return [];
  const at = px(x(value));
  return [
    `<line x1="${at}" x2="${at}" y1="${plotTop - 4}" y2="${plotTop + plotH}" stroke="${color}" stroke-width="2" stroke-dasharray="6 3"/>`,
    `<text x="${at}" y="${plotTop - 8}" text-anchor="middle" fill="${color}">${esc(`${name} ${msLabel(value)}`)}</text>`,
  ];
}

export interface PercentileInput {
  title: string;
  /** A second line under the title: what the chart is (and is not). */
  note?: string;
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
  const dy = input.note ? NOTE_H : 0;
  const plotTop = M.top + dy;
  const height = plotTop + rows.length * rowH + 40;
  const left = 70;
  const plotW = W - left - 90;
  const xMax = Math.max(...rows.map(([, v]) => v), (input.target ?? 0) * 1.05) || 1;
  const x = (v: number): number => left + (v / xMax) * plotW;
  const body: string[] = [`<text x="16" y="22" font-weight="600">${esc(title)}</text>`];
  if (input.note)
    body.push(`<text x="16" y="${22 + NOTE_H}" fill="${COLORS.axis}">${esc(input.note)}</text>`);
  rows.forEach(([name, value], i) => {
    const top = plotTop + i * rowH;
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
  const bottom = plotTop + rows.length * rowH;
  if (input.target !== undefined) {
    const at = px(x(input.target));
    body.push(
      `<line x1="${at}" x2="${at}" y1="${plotTop}" y2="${bottom}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="6 3"/>`,
    );
    body.push(
      `<text x="${at}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.target}">${esc(`target ${msLabel(input.target)}`)}</text>`,
    );
  }
  return svgDocument(W, height, title, body);
}
