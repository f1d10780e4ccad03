import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile', () => {
  it("matches R's qnorm to the last digits", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 15);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is accurate far in the tails, beyond the central rational approximation', () => {
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 13);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.0471, 3);
  });

  it('is antisymmetric about one half', () => {
    for (const probability of [0.001, 0.05, 0.3, 0.49]) {
      expect(normalQuantile(1 - probability)).toBeCloseTo(-normalQuantile(probability), 12);
    }
  });

  it('gives infinities at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
