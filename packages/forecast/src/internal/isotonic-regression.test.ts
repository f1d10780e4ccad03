import { describe, expect, it } from 'vitest';
import { isotonicRegression } from './isotonic-regression.js';

describe('isotonicRegression', () => {
  it('pools adjacent violators into their mean (worked example: 1, 3, 2, 4 -> 1, 2.5, 2.5, 4)', () => {
    expect(isotonicRegression([1, 3, 2, 4])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonicRegression([5, 1, 1, 1])).toEqual([2, 2, 2, 2]);
  });

  it('leaves a non-decreasing sequence unchanged', () => {
    expect(isotonicRegression([0, 0, 1, 7])).toEqual([0, 0, 1, 7]);
  });
});
