import { describe, expect, it } from 'vitest';
import { fitSimpleExponentialSmoothing, smoothingWeightBounds } from './fit-simple-exponential-smoothing.js';

const values = [12, 15, 14, 18, 17, 21, 19, 24, 22, 25];

describe('fitSimpleExponentialSmoothing', () => {
  it('runs the recursion ℓ_t = ℓ_{t-1} + α (y_t - ℓ_{t-1}) with fixed alpha and initial level', () => {
    const fit = fitSimpleExponentialSmoothing([10, 20, 10], { alpha: 0.5, initialLevel: 10 });
    expect(fit.fitted).toEqual([10, 10, 15]);
    expect(fit.finalLevel).toBe(12.5);
    expect(fit.sumOfSquares).toBe(0 + 100 + 25);
  });

  it('estimates alpha within the bounds with a sum of squares no larger than any grid point', () => {
    const fit = fitSimpleExponentialSmoothing(values);
    expect(fit.alpha).toBeGreaterThanOrEqual(smoothingWeightBounds.lower);
    expect(fit.alpha).toBeLessThanOrEqual(smoothingWeightBounds.upper);
    for (let alpha = 0.05; alpha < 1; alpha += 0.05) {
      expect(fit.sumOfSquares).toBeLessThanOrEqual(
        fitSimpleExponentialSmoothing(values, { alpha }).sumOfSquares + 1e-9,
      );
    }
  });

  it('profiles out the initial level exactly for a given alpha', () => {
    const fit = fitSimpleExponentialSmoothing(values, { alpha: 0.3 });
    for (const shift of [-0.01, 0.01]) {
      const moved = fitSimpleExponentialSmoothing(values, {
        alpha: 0.3,
        initialLevel: fit.initialLevel + shift,
      });
      expect(fit.sumOfSquares).toBeLessThan(moved.sumOfSquares);
    }
  });
});
