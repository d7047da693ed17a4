// How a k6 instance carries its trends' HDR buckets into handleSummary, which sees only aggregates: a counter per
// trend and octave, a tag per place in the octave, and a never-failing threshold on each (trend, octave, place)
// sub-metric, because k6 puts a sub-metric in the summary only when a threshold names it. Engine-neutral: the k6
// sink (load/k6/metrics.ts) and handleSummary share the names.
//
// Measured with k6 2.2 (load/README.md "Distributed verdicts"): a counter per bucket (1 600 per trend, nothing
// tagged) makes every VU create every counter (10 000 counters at 50 VUs: 6 s and 1.2 GB before the first request);
// a counter per trend tagged with its bucket makes k6 match each sample against 1 600 sub-metrics. A counter per
// octave keeps both small: 24 objects per trend per VU, 128 sub-metrics at most to match per sample, and the
// thresholds (14 400 for ws-concurrency) built only in the init context k6 reads options from. No VU in its own
// scenario reads exec.test.options (k6 rebuilds every option, these thresholds too, for each VU that does).
import { bucketRange, HdrHistogram, indexOf, OCTAVES, placesIn, type HdrTrend } from './hdr.ts';
import type { SummaryMetric } from './summary.ts';

export const HDR_METRIC_PREFIX = 'gp_hdr_';
/** The tag naming a place in an octave. */
export const HDR_TAG = 'b';

export const hdrCounterName = (trend: string, octave: number): string =>
  `${HDR_METRIC_PREFIX}${trend}_${octave}`;

/** The `count>=0` threshold of every bucket of the trends: what makes k6 report each bucket's count. */
export function hdrThresholds(trends: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const trend of trends)
    for (let octave = 0; octave < OCTAVES; octave++)
      for (let place = 0; place < placesIn(octave); place++)
        out[`${hdrCounterName(trend, octave)}{${HDR_TAG}:${place}}`] = ['count>=0'];
  return out;
}

/**
 * Each trend's histogram from the bucket counts in k6's summary metrics; min, max and sum from k6's own trend
 * statistics (exact: k6 keeps every sample), else from the buckets' edges. Trends with no counted sample are left out.
 */
export function hdrFromK6(
  metrics: Readonly<Record<string, SummaryMetric>>,
  trends: readonly string[],
): Record<string, HdrTrend> {
  const out: Record<string, HdrTrend> = {};
  for (const trend of trends) {
    const h = new HdrHistogram();
    for (let octave = 0; octave < OCTAVES; octave++) {
      const name = hdrCounterName(trend, octave);
      for (let place = 0; place < placesIn(octave); place++)
        h.addBucket(indexOf(octave, place), metrics[`${name}{${HDR_TAG}:${place}}`]?.values.count ?? 0);
    }
    if (h.count === 0) continue;
    const json = h.toJSON();
    const v = metrics[trend]?.values ?? {};
    // `--summary-trend-stats` may leave some out: the buckets' edges and middles stand in.
    const edges = json.buckets.map(([index]) => bucketRange(index));
    json.min = v.min ?? edges[0]?.low ?? 0;
    json.max = v.max ?? edges.at(-1)?.high ?? 0;
    json.sum =
      v.avg !== undefined
        ? v.avg * json.count
        : json.buckets.reduce(
            (s, [index, n]) => s + n * ((bucketRange(index).low + bucketRange(index).high) / 2),
            0,
          );
    out[trend] = json;
  }
  return out;
}

export const isHdrMetric = (name: string): boolean => name.startsWith(HDR_METRIC_PREFIX);
