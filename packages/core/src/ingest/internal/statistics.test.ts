import { describe, expect, it } from 'vitest';
import { findOutliers, summarize } from './statistics.js';

describe('summarize', () => {
  it('gives count, missing, mean, sample sd and type-7 quartiles', () => {
    expect(summarize([1, 2, null, 3, 4])).toEqual({
      count: 4,
      missing: 1,
      mean: 2.5,
      sd: Math.sqrt(5 / 3),
      min: 1,
      q1: 1.75,
      median: 2.5,
      q3: 3.25,
      max: 4,
    });
  });

  it('returns null statistics when no value is present', () => {
    expect(summarize([null, null])).toEqual({
      count: 0,
      missing: 2,
      mean: null,
      sd: null,
      min: null,
      q1: null,
      median: null,
      q3: null,
      max: null,
    });
  });
});

describe('findOutliers', () => {
  it('flags values whose modified z-score exceeds 3.5', () => {
    // median 10, absolute deviations 0,0,1,1,2,2,90 -> MAD 1, score of 100 = 0.6745 * 90 = 60.705.
    const outliers = findOutliers([10, 11, 9, 12, 8, 10, 100]);
    expect(outliers.map(({ index, value }) => ({ index, value }))).toEqual([{ index: 6, value: 100 }]);
    expect(outliers[0]?.score).toBeCloseTo(60.705, 10);
  });

  it('falls back to the mean absolute deviation when the MAD is zero', () => {
    const outliers = findOutliers([5, 5, 5, 5, 5, 50]);
    expect(outliers).toHaveLength(1);
    expect(outliers[0]?.score).toBeCloseTo(45 / (1.253314 * 7.5), 12);
  });

  it('flags nothing in constant data', () => {
    expect(findOutliers([3, 3, 3, 3])).toEqual([]);
  });
});
