import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSurvival } from './normal-distribution.js';

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

// Reference tails from SciPy 1.17.1 `scipy.stats.norm.cdf` / `norm.sf`.
const scipyTails: readonly [number, number, number][] = [
  [-10, 7.61985302416047e-24, 1],
  [-5.9, 1.8175078630994235e-9, 0.9999999981824922],
  [-3, 0.0013498980316300933, 0.9986501019683699],
  [-1.4, 0.08075665923377107, 0.9192433407662289],
  [-0.5, 0.3085375387259869, 0.6914624612740131],
  [0.3, 0.6179114221889526, 0.3820885778110474],
  [0.67448975, 0.7499999999376898, 0.2500000000623102],
  [1, 0.8413447460685429, 0.15865525393145707],
  [2.5, 0.9937903346742238, 0.006209665325776132],
  [5.5, 0.9999999810104375, 1.898956246588768e-8],
  [8.3, 1, 5.2055697448902465e-17],
];

describe('normalCdf and normalSurvival', () => {
  it('matches SciPy in both tails to 1e-14 relative', () => {
    for (const [x, lower, upper] of scipyTails) {
      expect(Math.abs(normalCdf(x) - lower) / lower).toBeLessThan(1e-14);
      expect(Math.abs(normalSurvival(x) - upper) / upper).toBeLessThan(1e-14);
    }
  });

  it('is the inverse of normalQuantile', () => {
    for (const probability of [1e-9, 0.01, 0.3, 0.5, 0.9, 0.999]) {
      expect(normalCdf(normalQuantile(probability))).toBeCloseTo(probability, 14);
    }
  });
});
