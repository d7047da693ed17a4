// The Node executor's metrics: HDR histograms for trends, exact rates and counters, summarised in k6's schema.
import { build, JsHistogram, type Histogram } from 'hdr-histogram-js';
import { logBuckets } from '../lib/log-buckets.ts';
import type { MetricSink } from '../lib/session.ts';
import type { MetricDefinition } from '../lib/metrics.ts';
import type { SummaryMetric, TrendHistogram } from '../lib/summary.ts';

// Trends are recorded in thousandths (µs for times) so sub-millisecond values keep 3 significant digits.
const SCALE = 1000;

class TrendAgg {
  readonly hist: Histogram = build({ numberOfSignificantValueDigits: 3 });
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number): void {
    const v = Math.max(0, value);
    this.hist.recordValue(Math.round(v * SCALE));
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  percentile(p: number): number {
    return this.hist.getValueAtPercentile(p) / SCALE;
  }

  /**
   * Every recorded value with its count: the lowest value HDR holds as equal to it (within 0.1%), so a sample on a
   * bucket bound (8 ms, recorded as 8000 µs) stays at or below that bound.
   */
  *recorded(): Generator<[number, number]> {
    const hist = this.hist;
    if (!(hist instanceof JsHistogram)) return;
    const it = hist.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      yield [hist.lowestEquivalentValue(v.valueIteratedTo) / SCALE, v.countAtValueIteratedTo];
    }
  }

  distribution(): TrendHistogram | undefined {
    return this.count === 0 ? undefined : logBuckets(this.recorded(), this.min, this.max);
  }
}

type Agg =
  | { kind: 'trend'; def: MetricDefinition; trend: TrendAgg }
  | { kind: 'rate'; def: MetricDefinition; passes: number; fails: number }
  | { kind: 'counter'; def: MetricDefinition; count: number }
  | { kind: 'gauge'; def: MetricDefinition; value: number | undefined; min: number; max: number };

export class MetricsRegistry implements MetricSink {
  readonly #aggs = new Map<string, Agg>();

  constructor(defs: readonly MetricDefinition[]) {
    for (const def of defs) this.define(def);
  }

  define(def: MetricDefinition): void {
    if (this.#aggs.has(def.name)) return;
    switch (def.kind) {
      case 'trend':
        this.#aggs.set(def.name, { kind: 'trend', def, trend: new TrendAgg() });
        break;
      case 'rate':
        this.#aggs.set(def.name, { kind: 'rate', def, passes: 0, fails: 0 });
        break;
      case 'counter':
        this.#aggs.set(def.name, { kind: 'counter', def, count: 0 });
        break;
      case 'gauge':
        this.#aggs.set(def.name, { kind: 'gauge', def, value: undefined, min: Infinity, max: -Infinity });
    }
  }

  add(metric: MetricDefinition, value: number | boolean): void {
    const agg = this.#aggs.get(metric.name);
    if (!agg) throw new Error(`METRIC_UNKNOWN: ${metric.name} is not a metric of this scenario`);
    const n = typeof value === 'number' ? value : value ? 1 : 0;
    switch (agg.kind) {
      case 'trend':
        agg.trend.add(n);
        return;
      case 'rate':
        if (n !== 0) agg.passes++;
        else agg.fails++;
        return;
      case 'counter':
        agg.count += n;
        return;
      case 'gauge':
        agg.value = n;
        agg.min = Math.min(agg.min, n);
        agg.max = Math.max(agg.max, n);
    }
  }

  count(name: string): number {
    const agg = this.#aggs.get(name);
    if (agg?.kind === 'counter') return agg.count;
    if (agg?.kind === 'rate') return agg.passes + agg.fails;
    if (agg?.kind === 'trend') return agg.trend.count;
    return 0;
  }

  /** A trend's percentile so far, with its n (live progress); undefined before the first sample. */
  percentile(name: string, p: number): { value: number; n: number } | undefined {
    const agg = this.#aggs.get(name);
    if (agg?.kind !== 'trend' || agg.trend.count === 0) return undefined;
    return { value: agg.trend.percentile(p), n: agg.trend.count };
  }

  /** Each sampled trend's log-spaced buckets (for the summary's `golden_path`; k6's schema has no place for them). */
  histograms(): Record<string, TrendHistogram> {
    const out: Record<string, TrendHistogram> = {};
    for (const [name, agg] of this.#aggs) {
      if (agg.kind !== 'trend') continue;
      const h = agg.trend.distribution();
      if (h) out[name] = h;
    }
    return out;
  }

  /** k6's `metrics` object. Counters report even when zero (a zero is a measurement); unsampled trends do not. */
  toSummary(durationMs: number): Record<string, SummaryMetric> {
    const seconds = Math.max(durationMs / 1000, 1e-9);
    const out: Record<string, SummaryMetric> = {};
    for (const [name, agg] of this.#aggs) {
      const contains = agg.def.time ? 'time' : 'default';
      switch (agg.kind) {
        case 'trend': {
          const t = agg.trend;
          if (t.count === 0) break;
          out[name] = {
            type: 'trend',
            contains,
            values: {
              avg: t.sum / t.count,
              min: t.min,
              med: t.percentile(50),
              max: t.max,
              'p(90)': t.percentile(90),
              'p(95)': t.percentile(95),
              'p(99)': t.percentile(99),
              count: t.count,
            },
          };
          break;
        }
        case 'rate': {
          const total = agg.passes + agg.fails;
          if (total === 0) break;
          out[name] = {
            type: 'rate',
            contains,
            values: { rate: agg.passes / total, passes: agg.passes, fails: agg.fails },
          };
          break;
        }
        case 'counter':
          out[name] = { type: 'counter', contains, values: { count: agg.count, rate: agg.count / seconds } };
          break;
        case 'gauge':
          if (agg.value === undefined) break;
          out[name] = { type: 'gauge', contains, values: { value: agg.value, min: agg.min, max: agg.max } };
      }
    }
    return out;
  }
}
