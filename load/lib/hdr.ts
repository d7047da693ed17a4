// The one latency-histogram scheme of both engines: HDR-style log-linear buckets over thousandths, lossless to merge.
//
// A value (ms for times) is counted in whole thousandths u (µs). u < 128 has a bucket of its own (exact); above,
// each power of two is cut into 64 equal buckets, so a bucket is at most 1/64 (1.6 %) of its values wide: HDR's
// log-linear layout with 7 significant bits. Up to 2^30 µs (17.9 min, beyond any
// run's bound) that is 1 600 buckets, in 24 "octaves" (the exact 128, then one per power of two). Why not 3
// significant digits as hdr-histogram-js keeps: k6 carries each bucket as a sub-metric (load/lib/hdr-carrier.ts),
// and its cost grows with the bucket count (README "Distributed verdicts"). Pure code: k6 bundles it.

/** Names the scheme in every summary: histograms of different schemes are never merged. */
export const HDR_SCHEME = 'log-linear/0.001/64x24';
/** Thousandths: the unit a value is counted in. */
const PER_UNIT = 1000;
/** Buckets per power of two (the relative resolution is 1/HALF). */
const HALF = 64;
const EXACT = 2 * HALF;
/** Octaves: the exact range, then one per power of two up to MAX_UNITS. */
export const OCTAVES = 24;
const MAX_UNITS = 2 ** (OCTAVES + 6) - 1;
/** The relative width of the widest bucket: the resolution stated with every merged percentile. */
export const HDR_RESOLUTION = 1 / HALF;

/** The bucket of a value (negative values count as 0; values past 2^30 µs in the last bucket). */
export function bucketOf(value: number): number {
  const u = Math.min(MAX_UNITS, Math.max(0, Math.round(value * PER_UNIT)));
  if (u < EXACT) return u;
  const shift = 31 - Math.clz32(u) - 6;
  return shift * HALF + Math.floor(u / 2 ** shift);
}

/** The lowest and highest value a bucket holds (in the value's unit). */
export function bucketRange(index: number): { low: number; high: number } {
  if (index < EXACT) return { low: index / PER_UNIT, high: index / PER_UNIT };
  const shift = Math.floor(index / HALF) - 1;
  const m = index - shift * HALF;
  return { low: (m * 2 ** shift) / PER_UNIT, high: ((m + 1) * 2 ** shift - 1) / PER_UNIT };
}

/** A bucket as an octave and a place in it: how the k6 carrier names it (a counter per octave, a tag per place). */
export function octaveOf(index: number): { octave: number; place: number } {
  if (index < EXACT) return { octave: 0, place: index };
  const octave = Math.floor(index / HALF) - 1;
  return { octave, place: index - (octave + 1) * HALF };
}

export function indexOf(octave: number, place: number): number {
  return octave === 0 ? place : (octave + 1) * HALF + place;
}

/** Places in an octave: 128 in the exact one, 64 in each other. */
export const placesIn = (octave: number): number => (octave === 0 ? EXACT : HALF);

/** A trend's histogram as a summary carries it: sparse [bucket, count] pairs, and the exact count, min, max and sum. */
export interface HdrTrend {
  count: number;
  min: number;
  max: number;
  sum: number;
  buckets: [bucket: number, count: number][];
}

/** The histograms of a summary: the scheme named, one per sampled trend. */
export interface HdrSet {
  scheme: string;
  trends: Record<string, HdrTrend>;
}

/** A trend's samples in the scheme's buckets; merging two is adding their counts, so nothing is lost. */
export class HdrHistogram {
  readonly #counts = new Map<number, number>();
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  add(value: number): void {
    const v = Math.max(0, value);
    this.addBucket(bucketOf(v), 1);
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Counts in a bucket (no min, max or sum: the caller sets those). */
  addBucket(index: number, count: number): void {
    if (count <= 0) return;
    this.#counts.set(index, (this.#counts.get(index) ?? 0) + count);
    this.count += count;
  }

  merge(other: HdrTrend): void {
    for (const [index, count] of other.buckets) this.addBucket(index, count);
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /**
   * The nearest-rank percentile: the highest value of the bucket holding the ⌈p·n⌉-th sample (as HDR reports it:
   * never below the sample), kept within the exact min and max. Undefined without samples.
   */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const [index, count] of this.buckets()) {
      seen += count;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketRange(index).high));
    }
    return this.max;
  }

  /** Buckets in order, with their counts. */
  buckets(): [number, number][] {
    return [...this.#counts].sort((a, b) => a[0] - b[0]);
  }

  /** Each bucket's lowest value (within min and max) with its count: for the summary's display buckets. */
  *recorded(): Generator<[number, number]> {
    for (const [index, count] of this.buckets())
      yield [Math.min(this.max, Math.max(this.min, bucketRange(index).low)), count];
  }

  /** k6's trend statistics (percentiles from the buckets), or undefined without samples. */
  trendValues(): Record<string, number> | undefined {
    if (this.count === 0) return undefined;
    const at = (p: number): number => this.percentile(p) ?? NaN;
    return {
      avg: this.sum / this.count,
      min: this.min,
      med: at(50),
      max: this.max,
      'p(90)': at(90),
      'p(95)': at(95),
      'p(99)': at(99),
      count: this.count,
    };
  }

  toJSON(): HdrTrend {
    return { count: this.count, min: this.min, max: this.max, sum: this.sum, buckets: this.buckets() };
  }

  static from(trend: HdrTrend): HdrHistogram {
    const h = new HdrHistogram();
    h.merge(trend);
    return h;
  }
}
