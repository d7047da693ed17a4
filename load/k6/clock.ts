// A sub-millisecond clock for k6 scripts. k6's Date.now() has whole milliseconds (a 2 ms request reads as 1 or 3);
// exec.scenario.progress is k6's own elapsed time (Go's monotonic clock, nanoseconds) over the scenario's
// regular duration, so progress × duration is the elapsed time in fractional milliseconds while the scenario runs.
import exec from 'k6/execution';

/** Milliseconds since the scenario started, fractional; undefined past its regular duration or outside one. */
export function scenarioElapsedMs(regularMs: number): number | undefined {
  try {
    const p = exec.scenario.progress;
    return p < 1 ? p * regularMs : undefined;
  } catch {
    return undefined; // setup() and handleSummary() run outside every scenario
  }
}

/**
 * One time line for a VU's measurements: the scenario's start + its fractional elapsed time while it runs, else
 * Date.now() (the whole-millisecond fallback differs from it by less than 1 ms: the start time k6 gives is whole).
 */
export function k6Clock(regularMs: () => number): () => number {
  return () => {
    const elapsed = scenarioElapsedMs(regularMs());
    return elapsed === undefined ? Date.now() : exec.scenario.startTime + elapsed;
  };
}
