import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

function draws(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('createRandom', () => {
  it('gives the same stream for the same seed and label', () => {
    const first = createRandom(7, 'shop-1/orders');
    const second = createRandom(7, 'shop-1/orders');
    expect(draws(50, first.uniform)).toEqual(draws(50, second.uniform));
  });

  it('gives different streams for different seeds or labels', () => {
    const base = draws(5, createRandom(7, 'a').uniform);
    expect(draws(5, createRandom(8, 'a').uniform)).not.toEqual(base);
    expect(draws(5, createRandom(7, 'b').uniform)).not.toEqual(base);
  });

  it('pins the first 32-bit outputs of seed 1 so that a change of generator is noticed', () => {
    const random = createRandom(1, 'pin');
    expect(draws(3, random.uniform).map((value) => value * 2 ** 32)).toEqual([
      109521772, 4188677200, 4230143752,
    ]);
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const values = draws(20_000, createRandom(3, 'uniform').uniform);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Standard error of the mean is sqrt(1/12 / 20000) ≈ 0.002.
    expect(meanAndVariance(values).mean).toBeCloseTo(0.5, 2);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const { mean, variance } = meanAndVariance(draws(20_000, createRandom(3, 'normal').normal));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('draws gamma variates with mean and variance equal to the shape', () => {
    const random = createRandom(3, 'gamma');
    for (const shape of [0.5, 4, 80]) {
      const { mean, variance } = meanAndVariance(draws(20_000, () => random.gamma(shape)));
      expect(Math.abs(mean / shape - 1)).toBeLessThan(0.03);
      expect(Math.abs(variance / shape - 1)).toBeLessThan(0.08);
    }
  });

  it('draws Poisson counts with mean and variance equal to the mean, below and above the switch at 30', () => {
    const random = createRandom(3, 'poisson');
    for (const expected of [0.3, 4, 29, 31, 400]) {
      const values = draws(20_000, () => random.poisson(expected));
      expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
      const { mean, variance } = meanAndVariance(values);
      // Within five standard errors of the mean, sqrt(mean / n).
      expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(expected / values.length));
      expect(Math.abs(variance / expected - 1)).toBeLessThan(0.1);
    }
  });

  it('draws negative-binomial counts with variance mean + mean²/size', () => {
    const random = createRandom(3, 'negative-binomial');
    const { mean, variance } = meanAndVariance(draws(20_000, () => random.negativeBinomial(300, 80)));
    expect(Math.abs(mean / 300 - 1)).toBeLessThan(0.01);
    expect(Math.abs(variance / (300 + 300 ** 2 / 80) - 1)).toBeLessThan(0.06);
  });

  it('returns zero counts for a zero or negative mean', () => {
    const random = createRandom(3, 'zero');
    expect(random.poisson(0)).toBe(0);
    expect(random.poisson(-2)).toBe(0);
    expect(random.negativeBinomial(0, 10)).toBe(0);
  });

  it('draws log-normal multipliers with mean 1', () => {
    const random = createRandom(3, 'lognormal');
    const values = draws(20_000, () => random.lognormalMultiplier(0.3));
    expect(values.every((value) => value > 0)).toBe(true);
    expect(Math.abs(meanAndVariance(values).mean - 1)).toBeLessThan(0.01);
  });

  it('draws integers in the inclusive range', () => {
    const random = createRandom(3, 'integer');
    const values = new Set(draws(2_000, () => random.integer(-1, 1)));
    expect([...values].sort()).toEqual([-1, 0, 1]);
  });
});
