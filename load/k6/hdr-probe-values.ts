// The samples of the merge test's k6 workload (hdr-probe.ts), apart so the test computes the exact percentiles too.

/** The i-th sample of each trend: spread over five decades, some repeated, a few far in the tail. */
export function probeValues(i: number): { health: number; ready: number; lag: number } {
  const spread = (i * 7919) % 1000;
  return {
    health: 0.05 + spread * 0.731 + (i % 97 === 0 ? 2500 : 0),
    ready: 1 + (i % 10) * 10,
    lag: i % 5 === 0 ? 0 : spread / 1000,
  };
}
