// Robust thresholds: median + k·MAD (MAD at least 1), never under the floor.
import { describe, expect, it } from 'vitest';
import { spreadOf, thresholdOf } from '../../../detectors/baseline/rates.js';

describe('rates', () => {
  it('median and MAD of a sample', () => {
    expect(spreadOf([4, 5, 5, 6, 50])).toEqual({ median: 5, mad: 1, n: 5 });
    expect(spreadOf([])).toEqual({ median: 0, mad: 0, n: 0 });
  });

  it('an even count takes the mean of the two middle values, unsorted input left as it was', () => {
    const samples = [10, 1, 3, 2];
    expect(spreadOf(samples)).toEqual({ median: 2.5, mad: 1, n: 4 });
    expect(samples).toEqual([10, 1, 3, 2]);
  });

  it('one huge session barely moves the threshold', () => {
    expect(thresholdOf([4, 5, 5, 6, 50], 6, 1)).toBe(11);
  });

  it('a flat baseline still gets a margin (MAD floored at 1), and the floor holds', () => {
    expect(thresholdOf([0, 0, 0, 0], 6, 1)).toBe(6);
    expect(thresholdOf([0, 0, 0, 0], 6, 10)).toBe(10);
    expect(thresholdOf([], 6, 40)).toBe(40);
  });
});
