// The Node executor's trend histograms exported as log-spaced buckets: every sample counted once, in its bucket,
// within 40 buckets whatever the range; k6's `metrics` schema left as it was.
import { expect, test } from '@playwright/test';
import { logBuckets, MAX_BUCKETS } from '../lib/log-buckets.ts';
import type { MetricDefinition } from '../lib/metrics.ts';
import type { TrendHistogram } from '../lib/summary.ts';
import { MetricsRegistry } from './metrics-registry.ts';

const TREND: MetricDefinition = { name: 'thing_duration', kind: 'trend', time: true, what: 'a trend' };
const RATE: MetricDefinition = { name: 'thing_success', kind: 'rate', time: false, what: 'a rate' };

function recorded(samples: readonly number[]): TrendHistogram | undefined {
  const registry = new MetricsRegistry([TREND, RATE]);
  for (const s of samples) registry.add(TREND, s);
  return registry.histograms()[TREND.name];
}

/** The count of the bucket whose upper bound is `le`. */
const at = (h: TrendHistogram | undefined, le: number): number | undefined =>
  h?.buckets.find((b) => b.le === le)?.count;

function expectWellFormed(h: TrendHistogram | undefined, n: number): void {
  expect(h?.n).toBe(n);
  expect(h?.buckets.reduce((a, b) => a + b.count, 0)).toBe(n);
  expect(h?.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
  const bounds = [h?.from ?? NaN, ...(h?.buckets.map((b) => b.le) ?? [])];
  for (let i = 1; i < bounds.length; i++) expect(bounds[i]).toBeGreaterThan(bounds[i - 1] as number);
}

test('every sample lands in the bucket whose bound it does not exceed; bounds are readable preferred numbers', () => {
  const h = recorded([1, 1, 1, 10, 10, 100, 40, 41]);
  expectWellFormed(h, 8);
  // Two decades and the bucket ending at the smallest: 41 at 20 a decade is too many, so 10 a decade.
  expect(h?.buckets).toHaveLength(21);
  expect(h?.from).toBeLessThan(1);
  expect(h?.buckets.at(-1)?.le).toBe(100);
  expect(at(h, 1)).toBe(3);
  expect(at(h, 10)).toBe(2);
  expect(at(h, 40)).toBe(1);
  expect(at(h, 50)).toBe(1);
  expect(at(h, 100)).toBe(1);
  expect(h?.buckets.slice(0, 6).map((b) => b.le)).toEqual([1, 1.25, 1.6, 2, 2.5, 3.15]);
});

test('a narrow distribution gets finer buckets than R40; one value a single bucket ending at it', () => {
  const samples = [2.5, 2.6, 2.7, 2.8, 3.0, 3.1];
  const narrow = recorded(samples);
  expectWellFormed(narrow, 6);
  expect(narrow?.buckets.length).toBeGreaterThanOrEqual(20);
  const buckets = narrow?.buckets ?? [];
  for (const v of samples) {
    const i = buckets.findIndex((b) => v <= b.le);
    expect(i, `${v} has a bucket`).toBeGreaterThanOrEqual(0);
    expect(v).toBeGreaterThan(i === 0 ? (narrow?.from ?? 0) : (buckets[i - 1]?.le ?? 0));
  }
  const one = recorded([120, 120, 120]);
  expectWellFormed(one, 3);
  expect(one?.buckets).toEqual([{ le: 125, count: 3 }]);
});

test('a wide range stays within 40 buckets with a coarser series; the largest sample is never past the last bound', () => {
  const samples = [0.02, 0.3, 4, 50, 600, 7000, 80_000, 123_456];
  const h = recorded(samples);
  expectWellFormed(h, samples.length);
  // Seven decades: 5 bounds a decade.
  expect(h?.buckets.length).toBe(35);
  expect(h?.buckets.at(-1)?.le).toBeGreaterThanOrEqual(123_456);
  expect(h?.buckets.at(-1)?.count).toBe(1);
  expect(h?.from).toBeLessThan(0.02);
});

test('zeros count in the first bucket; the range starts at the smallest positive sample', () => {
  const h = recorded([0, 0, 0, 8, 20, 30]);
  expectWellFormed(h, 6);
  expect(h?.buckets[0]).toEqual({ le: 8, count: 4 });
  expect(h?.from).toBe(7.5);
  const zeros = recorded([0, 0]);
  expectWellFormed(zeros, 2);
  expect(zeros?.buckets).toHaveLength(1);
});

test('only sampled trends have a histogram, and the k6-schema metrics are unchanged by it', () => {
  const registry = new MetricsRegistry([TREND, RATE, { ...TREND, name: 'never_duration' }]);
  registry.add(RATE, true);
  expect(registry.histograms()).toEqual({});
  for (const v of [5, 6, 7]) registry.add(TREND, v);
  expect(Object.keys(registry.histograms())).toEqual([TREND.name]);
  const metric = registry.toSummary(1000)[TREND.name];
  expect(Object.keys(metric ?? {}).sort()).toEqual(['contains', 'type', 'values']);
  expect(Object.keys(metric?.values ?? {}).sort()).toEqual(
    ['avg', 'count', 'max', 'med', 'min', 'p(90)', 'p(95)', 'p(99)'].sort(),
  );
});

test('logBuckets on its own: no sample is no histogram; counts of zero are ignored', () => {
  expect(logBuckets([], Infinity, -Infinity)).toBeUndefined();
  expect(logBuckets([[5, 0]], 5, 5)).toBeUndefined();
  expect(logBuckets([[5, 2]], 5, 5)).toEqual({ n: 2, from: 4.75, buckets: [{ le: 5, count: 2 }] });
});
