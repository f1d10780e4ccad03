import { describe, expect, it } from 'vitest';
import { arithmeticMean } from './arithmetic-mean.js';

describe('arithmeticMean', () => {
  it('averages the values', () => {
    expect(arithmeticMean([3, 5, 4])).toBeCloseTo(4, 15);
  });

  it('stays finite for values near the double-precision limit', () => {
    expect(arithmeticMean([1.7e308, 1.7e308])).toBe(1.7e308);
  });

  it('is 0 for no values', () => {
    expect(arithmeticMean([])).toBe(0);
  });
});
