// Robust thresholds over per-session samples (events per minute, outside-project reads): median
// and MAD resist the odd huge session that a mean and standard deviation would chase.
import { median, medianAbsoluteDeviation } from 'simple-statistics';

export interface Spread { median: number; mad: number; n: number }

export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length === 0) return { median: 0, mad: 0, n: 0 };
  return { median: median([...samples]), mad: medianAbsoluteDeviation([...samples]), n: samples.length };
}

/**
 * Counts above this are deviations: median + k × MAD, with MAD at least 1 (a baseline of identical
 * sessions has MAD 0, and one extra event is not news), and never below `floor`.
 */
export function thresholdOf(samples: readonly number[], k: number, floor: number): number {
  const s = spreadOf(samples);
  return Math.max(floor, s.median + k * Math.max(s.mad, 1));
}
