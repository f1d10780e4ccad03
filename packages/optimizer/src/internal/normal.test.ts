import { describe, expect, it } from 'vitest';
import { inverseNormalLoss, normalCdf, normalLoss, normalQuantile, normalTails } from './normal.js';

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

describe('normalTails', () => {
  it('matches SciPy in both tails to 1e-14 relative', () => {
    for (const [x, lower, upper] of scipyTails) {
      const tails = normalTails(x);
      expect(Math.abs(tails.lower - lower) / lower).toBeLessThan(1e-14);
      expect(Math.abs(tails.upper - upper) / upper).toBeLessThan(1e-14);
    }
  });

  it('is the inverse of normalQuantile', () => {
    for (const probability of [1e-9, 0.01, 0.3, 0.5, 0.9, 0.999]) {
      expect(normalCdf(normalQuantile(probability))).toBeCloseTo(probability, 14);
    }
  });
});

describe('normalLoss', () => {
  // Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), standard normal loss function as encoded in
  // LarrySnyder/stockpyl tests/test_loss_functions.py (TestStandardNormalLoss).
  it('reproduces the standard normal loss values of Snyder & Shen (stockpyl)', () => {
    expect(normalLoss(-1.4)).toBeCloseTo(1.436668142708465, 14);
    expect(normalLoss(0.3)).toBeCloseTo(0.26676124211721, 14);
    expect(normalLoss(3.1)).toBeCloseTo(2.672490952231408e-4, 15);
  });

  it('is inverted by inverseNormalLoss across the whole range', () => {
    for (const z of [-6, -1.4, 0, 0.3, 2, 4.5]) {
      expect(inverseNormalLoss(normalLoss(z))).toBeCloseTo(z, 9);
    }
  });
});
