import { describe, expect, it } from 'vitest';
import { sampleStandardDeviation } from './sample-standard-deviation.js';

describe('sampleStandardDeviation', () => {
  it("divides by n - 1, as R's sd", () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9], 5)).toBeCloseTo(Math.sqrt(32 / 7), 15);
  });

  it('measures spread about the mean it is given', () => {
    expect(sampleStandardDeviation([1, 1], 0)).toBe(Math.sqrt(2));
  });
});
