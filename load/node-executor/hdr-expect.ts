// A test aid for the merge tests: a summary's percentiles against the exact nearest-rank ones of its samples.
import { expect } from '@playwright/test';
import { HDR_RESOLUTION } from '../lib/hdr.ts';

const PERCENTILES = [
  ['med', 50],
  ['p(90)', 90],
  ['p(95)', 95],
  ['p(99)', 99],
] as const;

/** Each percentile is the nearest-rank sample's bucket: never below the sample (to the µs), at most 1/64 above. */
export function expectWithinResolution(
  values: Readonly<Record<string, number>>,
  samples: readonly number[],
  label: string,
): void {
  const sorted = [...samples].sort((a, b) => a - b);
  for (const [stat, p] of PERCENTILES) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? NaN;
    expect(values[stat], `${label} ${stat}`).toBeGreaterThanOrEqual(exact - 0.0005);
    expect(values[stat], `${label} ${stat}`).toBeLessThanOrEqual(exact * (1 + HDR_RESOLUTION) + 0.001);
  }
}
