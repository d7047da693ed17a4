// The one duration formatter for messages, tables, charts and progress lines. Pure, no imports: k6 bundles it too.

export interface DurationStyle {
  /** `auto` (default): milliseconds below 1 s, seconds from 1 s on; `s` or `ms`: always that unit. */
  unit?: 'auto' | 's' | 'ms';
  /** Decimals of a value in seconds (default 1). */
  digits?: number;
  /** Decimals of a value in milliseconds (default 0). */
  msDigits?: number;
  /** This many significant digits instead of fixed decimals, trailing zeros dropped (chart labels). */
  significant?: number;
  /** `1.5s` instead of `1.5 s`. */
  compact?: boolean;
}

/** `850 ms`, `1.5 s` by default; the failure catalogue reads these messages, so a style's output never changes. */
export function formatDuration(ms: number, style: DurationStyle = {}): string {
  const unit = style.unit ?? 'auto';
  const inSeconds = unit === 's' || (unit === 'auto' && Math.abs(ms) >= 1000);
  const value = inSeconds ? ms / 1000 : ms;
  const digits = inSeconds ? (style.digits ?? 1) : (style.msDigits ?? 0);
  const text =
    style.significant !== undefined
      ? String(Number(value.toPrecision(style.significant)))
      : digits === 0
        ? String(Math.round(value))
        : value.toFixed(digits);
  return `${text}${style.compact ? '' : ' '}${inSeconds ? 's' : 'ms'}`;
}

/** Seconds, compact: `2.1s` (client messages and offsets such as `at +0.0s`). */
export function formatSeconds(ms: number, digits = 1): string {
  return formatDuration(ms, { unit: 's', digits, compact: true });
}
