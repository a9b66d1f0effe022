/** The nearest-rank percentile `p` (0–100) of numbers sorted in ascending order. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A sorted copy, for `percentile`. */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
