// Test aid: what a load test may assert about thresholds on a shared machine — every one measured, the invariants
// (counts, rates, isolation) held — leaving how fast the answers were to the benchmarks (npm run bench:k6-parity).
import { expect } from '@playwright/test';
import { M } from '../lib/metrics.ts';
import type { ThresholdResult } from '../lib/summary.ts';

/**
 * Every threshold was measured; the invariants (counts, rates, isolation) hold. How fast the answers were is not
 * asserted here — a shared machine's load would decide it — but in the benchmarks (npm run bench:k6-parity).
 * `timed`: further metrics whose level is timing in that test (e.g. sessions held when VUs may start late).
 */
export function expectJudged(thresholds: readonly ThresholdResult[], timed: readonly string[] = []): void {
  expect(thresholds.length).toBeGreaterThan(0);
  expect(thresholds.filter((t) => t.unmeasured).map((t) => `${t.metric} ${t.expression}`)).toEqual([]);
  // Latency thresholds, and goodput (complete *and within* the latency SLAs), depend on the machine's load.
  const latency = (t: ThresholdResult) =>
    /^(p\(|avg|max|med|min)/.test(t.expression) || t.metric === M.journeyOk.name || timed.includes(t.metric);
  expect(thresholds.filter((t) => !latency(t) && !t.ok).map((t) => `${t.metric} ${t.expression}`)).toEqual(
    [],
  );
}
