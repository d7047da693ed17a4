// k6 metric objects for the scenario's catalogue, behind the engine-neutral MetricSink, and the two k6-only
// companions of load/lib/companions.ts (samples per thresholded metric, problems by kind).
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
import type { ScenarioName } from '../lib/load-shapes.ts';
import { metricsOf, type MetricDefinition } from '../lib/metrics.ts';
import type { ProblemKind } from '../lib/problems.ts';
import type { MetricSink } from '../lib/session.ts';
import type { ThresholdRule } from '../lib/thresholds.ts';
import { needsSamples, PROBLEMS_METRIC, SAMPLES_METRIC } from '../lib/companions.ts';
import { bucketOf, octaveOf, OCTAVES } from '../lib/hdr.ts';
import { HDR_TAG, hdrCounterName } from '../lib/hdr-carrier.ts';

type K6Metric = Trend | Rate | Counter | Gauge;

export interface K6Sink extends MetricSink {
  zeroCounters(): void;
  problem(kind: ProblemKind): void;
}

/** Must run in the init context: k6 creates custom metrics only there. */
export function k6Sink(scenario: ScenarioName, rules: readonly ThresholdRule[]): K6Sink {
  const defs = metricsOf(scenario).filter((d) => !d.k6Builtin);
  const byName = new Map<string, K6Metric>();
  for (const d of defs) byName.set(d.name, create(d));
  const counted = new Set(needsSamples(scenario, rules));
  const samples = new Counter(SAMPLES_METRIC);
  const problems = new Counter(PROBLEMS_METRIC);
  const hdr = hdrCarrier(defs);
  return {
    add(metric: MetricDefinition, value: number | boolean): void {
      const m = byName.get(metric.name);
      // Rates take booleans, the others numbers (k6's objects do not support instanceof).
      if (metric.kind === 'rate') m?.add(value === true || value === 1);
      else m?.add(typeof value === 'number' ? value : value ? 1 : 0);
      if (counted.has(metric.name)) samples.add(1, { metric: metric.name });
      if (typeof value === 'number') hdr.get(metric.name)?.(value);
    },
    // A counter nobody touched is absent from k6's summary, and k6 passes thresholds on absent metrics:
    // adding 0 once makes `count>=50` fail honestly when nothing was counted.
    zeroCounters(): void {
      for (const d of defs) if (d.kind === 'counter') byName.get(d.name)?.add(0);
    },
    problem(kind: ProblemKind): void {
      problems.add(1, { kind });
    },
  };
}

/** Each trend's HDR bucket counters (load/lib/hdr-carrier.ts): a counter per octave, the place as a tag. */
function hdrCarrier(defs: readonly MetricDefinition[]): Map<string, (value: number) => void> {
  const out = new Map<string, (value: number) => void>();
  for (const d of defs) {
    if (d.kind !== 'trend') continue;
    const octaves = Array.from({ length: OCTAVES }, (_, o) => new Counter(hdrCounterName(d.name, o)));
    out.set(d.name, (value) => {
      const { octave, place } = octaveOf(bucketOf(value));
      octaves[octave]?.add(1, { [HDR_TAG]: String(place) });
    });
  }
  return out;
}

function create(d: MetricDefinition): K6Metric {
  switch (d.kind) {
    case 'trend':
      return new Trend(d.name, d.time);
    case 'rate':
      return new Rate(d.name);
    case 'counter':
      return new Counter(d.name);
    case 'gauge':
      return new Gauge(d.name);
  }
}
