// Robust thresholds over per-session samples (events per minute, outside-project reads): median
// and MAD resist the odd huge session that a mean and standard deviation would chase.
// Two small functions, not simple-statistics: that library's whole bundle stayed in the daemon's heap
// (~1 MB of source and code) for these two.

export interface Spread { median: number; mad: number; n: number }

/** The middle value (the mean of the two middle ones for an even count); `values` is sorted in place. */
function medianOf(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length === 0) return { median: 0, mad: 0, n: 0 };
  const median = medianOf([...samples]);
  return { median, mad: medianOf(samples.map((x) => Math.abs(x - median))), n: samples.length };
}

/**
 * Counts above this are deviations: median + k × MAD, with MAD at least 1 (a baseline of identical
 * sessions has MAD 0, and one extra event is not news), and never below `floor`.
 */
export function thresholdOf(samples: readonly number[], k: number, floor: number): number {
  const s = spreadOf(samples);
  return Math.max(floor, s.median + k * Math.max(s.mad, 1));
}
