// The Node executor's metrics: HDR buckets for trends (load/lib/hdr.ts, the scheme k6 carries too), exact rates and
// counters, summarised in k6's schema.
import { displayBuckets } from '../lib/log-buckets.ts';
import { HDR_SCHEME, HdrHistogram, type HdrSet } from '../lib/hdr.ts';
import type { MetricSink } from '../lib/session.ts';
import type { MetricDefinition } from '../lib/metrics.ts';
import type { SummaryMetric, TrendHistogram } from '../lib/summary.ts';

type Agg =
  | { kind: 'trend'; def: MetricDefinition; trend: HdrHistogram }
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
        this.#aggs.set(def.name, { kind: 'trend', def, trend: new HdrHistogram() });
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
    const value = agg?.kind === 'trend' ? agg.trend.percentile(p) : undefined;
    return value === undefined || agg?.kind !== 'trend' ? undefined : { value, n: agg.trend.count };
  }

  /** Each sampled trend's raw HDR buckets (the summary's `golden_path.hdr`: what `--merge` adds up). */
  hdr(): HdrSet {
    const trends: HdrSet['trends'] = {};
    for (const [name, agg] of this.#aggs)
      if (agg.kind === 'trend' && agg.trend.count > 0) trends[name] = agg.trend.toJSON();
    return { scheme: HDR_SCHEME, trends };
  }

  /** Each sampled trend's log-spaced display buckets (for the summary's `golden_path`; k6's schema has no place). */
  histograms(): Record<string, TrendHistogram> {
    return displayBuckets(this.hdr().trends);
  }

  /** k6's `metrics` object. Counters report even when zero (a zero is a measurement); unsampled trends do not. */
  toSummary(durationMs: number): Record<string, SummaryMetric> {
    const seconds = Math.max(durationMs / 1000, 1e-9);
    const out: Record<string, SummaryMetric> = {};
    for (const [name, agg] of this.#aggs) {
      const contains = agg.def.time ? 'time' : 'default';
      switch (agg.kind) {
        case 'trend': {
          const values = agg.trend.trendValues();
          if (values) out[name] = { type: 'trend', contains, values };
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
