import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { fitResponseCurve } from './fit-response-curve.js';

describe('fitResponseCurve', () => {
  it('recovers a and b from exact points of a·ln(1 + x/b)', () => {
    const history = [10, 60, 150, 300, 900].map((spend) => ({ spend, return: 350 * Math.log1p(spend / 75) }));
    const fitted = fitResponseCurve(history);
    expect(fitted.curve.a).toBeCloseTo(350, 5);
    expect(fitted.curve.b).toBeCloseTo(75, 5);
    expect(fitted.rmse).toBeLessThan(1e-6);
  });

  it('needs three distinct spend levels', () => {
    expect(() =>
      fitResponseCurve([
        { spend: 1, return: 1 },
        { spend: 1, return: 2 },
        { spend: 2, return: 3 },
      ]),
    ).toThrow(DyocenseError);
  });
});
