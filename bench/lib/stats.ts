/** Summary statistics over rounds: median and relative spread (docs/benchmarks.md, "Rules"). */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * (max - min) / median; 0 when every round gave the same value (render and byte counts).
 * A median of 0 (a latency below the timer's resolution) would divide by zero: the range
 * is then taken relative to the maximum, so the field stays a finite number.
 */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = median(values);
  const max = Math.max(...values);
  const range = max - Math.min(...values);
  if (range === 0) return 0;
  return m === 0 ? range / max : range / m;
}

/** Percentile by nearest rank over an unsorted sample (W8 latencies). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}
