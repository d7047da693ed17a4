// The monitor's intervals as users write them: 10s, 5m, 1h (pure).
import { HistoryArgError } from '../history/baseline.ts';

export function parseEvery(flag: string, raw: string, minMs: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw.trim());
  const ms = m
    ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']
    : Number.NaN;
  if (!(ms >= minMs && ms <= 86_400_000))
    throw new HistoryArgError(
      `${flag} must be an interval such as 10s, 5m or 1h, at least ${minMs / 1000} s, got "${raw}"`,
    );
  return ms;
}
