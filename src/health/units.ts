// Unit parsing for values health endpoints report: durations ("0.123s", "120 ms", 42) and ratios ("99.0%", 0.5, 12.5).

export type DurationUnit = 'ms' | 's';

const DURATION =
  /^\s*(-?\d+(?:\.\d+)?)\s*(ms|msec|millis(?:econds?)?|s|sec|secs|seconds?|us|µs|m|min|minutes?)?\s*$/i;

/**
 * A duration in milliseconds. A bare number (or numeric string) is read in `bareUnit`, which the profile states,
 * because `0.123` means nothing without it. Returns undefined for anything that is not a duration.
 */
export function parseDurationMs(value: unknown, bareUnit: DurationUnit): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? scale(value, bareUnit) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? bareUnit).toLowerCase();
  if (unit === 'us' || unit === 'µs') return n / 1000;
  if (unit.startsWith('ms') || unit.startsWith('milli')) return n;
  if (unit === 'm' || unit.startsWith('min')) return n * 60_000;
  return n * 1000;
}

function scale(n: number, unit: DurationUnit): number {
  return unit === 's' ? n * 1000 : n;
}

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;
const NUMBER = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * A utilisation as a ratio 0–1. "12.5%" is a percentage; a bare number above 1 can only be a percentage
 * (the contract's `pool_utilization` is one); a bare number 0–1 is taken as a ratio. Undefined when unreadable.
 */
export function parseRatio(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? fromBare(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const percent = PERCENT.exec(value);
  if (percent?.[1]) return Number(percent[1]) / 100;
  const bare = NUMBER.exec(value);
  return bare?.[1] ? fromBare(Number(bare[1])) : undefined;
}

function fromBare(n: number): number {
  return n > 1 ? n / 100 : n;
}
