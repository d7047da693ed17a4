// A trend's distribution as log-spaced buckets (at most MAX_BUCKETS, whatever the range): the summary's histogram.
import { HdrHistogram, type HdrTrend } from './hdr.ts';
import type { TrendHistogram } from './summary.ts';

/**
 * Bucket bounds are preferred numbers (ISO 3, Renard R40): log-spaced and readable (1, 1.25, 1.6, 2, 2.5, …);
 * every coarser series (R20, R10, R5) takes every 2nd, 4th, 8th of these.
 */
const R40 = [
  1, 1.06, 1.12, 1.18, 1.25, 1.32, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.12, 2.24, 2.36, 2.5, 2.65, 2.8, 3, 3.15,
  3.35, 3.55, 3.75, 4, 4.25, 4.5, 4.75, 5, 5.3, 5.6, 6, 6.3, 6.7, 7.1, 7.5, 8, 8.5, 9, 9.5,
] as const;
/**
 * Buckets per decade, finest first: the finest that keeps the distribution within MAX_BUCKETS is used. Past R40 (a
 * narrow distribution only) steps down to 0.7 % are still well above HDR's 0.1 % resolution.
 */
const PER_DECADE = [320, 160, 80, 40, 20, 10, 5, 2, 1] as const;
export const MAX_BUCKETS = 40;
/** The Node executor records thousandths (µs for times): nothing finer is told apart. */
const FLOOR = 0.001;

/** The k-th bound of a series with `perDecade` bounds per decade (k = 0 is 1). */
function bound(k: number, perDecade: number): number {
  if (perDecade > 40) return Number((10 ** (k / perDecade)).toPrecision(4));
  const j = k * (40 / perDecade);
  const decade = Math.floor(j / 40);
  const mantissa = R40[j - decade * 40] ?? 1;
  return Number((mantissa * 10 ** decade).toPrecision(3));
}

/**
 * Buckets for `values` (value, count) pairs whose exact min and max are known; a value above `max` (a histogram's
 * bucket edge past the largest sample) counts in the last bucket. Undefined when there is no sample.
 */
export function logBuckets(
  values: Iterable<readonly [value: number, count: number]>,
  min: number,
  max: number,
): TrendHistogram | undefined {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  const pairs = [...values].filter(([, count]) => count > 0);
  // Zeros (a gap never seen, a lag of nothing) cannot sit on a log axis: the range starts at the smallest
  // positive sample, and the zeros count in the first bucket.
  const positive = min > 0 ? min : Math.min(...pairs.map(([v]) => v).filter((v) => v > 0));
  const lo = Math.max(Number.isFinite(positive) ? positive : FLOOR, FLOOR);
  const hi = Math.max(max, lo);
  let perDecade = 1;
  let first = 0;
  let last = 1;
  // Narrow (fewer than 10 R40 buckets, not one value): finer than R40, so the shape still shows.
  const narrow = hi > lo && Math.log10(hi / lo) * 40 < 10;
  for (const pd of PER_DECADE) {
    if (pd > 40 && !narrow) continue;
    perDecade = pd;
    // The bounds around lo and hi: bound(first) < lo <= bound(first + 1), bound(last - 1) < hi <= bound(last).
    first = Math.ceil(Math.log10(lo) * pd) - 1;
    while (bound(first + 1, pd) < lo) first++;
    while (bound(first, pd) >= lo) first--;
    last = Math.ceil(Math.log10(hi) * pd);
    while (bound(last, pd) < hi) last++;
    while (last - 1 > first && bound(last - 1, pd) >= hi) last--;
    if (last - first <= MAX_BUCKETS) break;
  }
  const buckets = Array.from({ length: last - first }, (_, i) => ({
    le: bound(first + 1 + i, perDecade),
    count: 0,
  }));
  let n = 0;
  for (const [value, count] of pairs) {
    const v = Math.min(value, hi);
    const bucket = buckets.find((b) => v <= b.le) ?? buckets[buckets.length - 1];
    if (bucket) bucket.count += count;
    n += count;
  }
  if (n === 0) return undefined;
  return { n, from: bound(first, perDecade), buckets };
}

/** Each trend's display buckets, from its HDR buckets (the summary's `histograms`, for both engines). */
export function displayBuckets(trends: Readonly<Record<string, HdrTrend>>): Record<string, TrendHistogram> {
  const out: Record<string, TrendHistogram> = {};
  for (const [name, trend] of Object.entries(trends)) {
    const h = logBuckets(HdrHistogram.from(trend).recorded(), trend.min, trend.max);
    if (h) out[name] = h;
  }
  return out;
}
