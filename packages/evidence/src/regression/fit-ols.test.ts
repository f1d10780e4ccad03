import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDaily, readGrangerFixture } from '../__fixtures__/evidence-fixtures.js';
import { fitOls } from './fit-ols.js';

describe('fitOls', () => {
  it('reproduces the statsmodels unrestricted Granger regression: SSR and cause coefficients', () => {
    const daily = readDaily();
    const reference = readGrangerFixture('levels').pairwise.find(
      (entry) => entry.cause === 'orders' && entry.effect === 'revenue' && entry.lag === 2,
    );
    if (reference === undefined) throw new Error('missing fixture row');
    const revenue = daily.series.revenue as number[];
    const orders = daily.series.orders as number[];
    const design = revenue.slice(2).map((_, index) => {
      const t = index + 2;
      return [
        revenue[t - 1] as number,
        revenue[t - 2] as number,
        orders[t - 1] as number,
        orders[t - 2] as number,
      ];
    });
    const fit = fitOls({ design, response: revenue.slice(2) });
    expect(Math.abs(fit.residualSumOfSquares / reference.ssr_unrestricted - 1)).toBeLessThan(1e-10);
    expect(fit.coefficients[3]).toBeCloseTo(reference.cause_coefs[0] as number, 8);
    expect(fit.coefficients[4]).toBeCloseTo(reference.cause_coefs[1] as number, 8);
    expect(fit.residualDegreesOfFreedom).toBe(reference.df_denom);
  });

  it('recovers an exact line plus noise with a textbook t statistic', () => {
    const fit = fitOls({ design: [[1], [2], [3], [4], [5]], response: [2.2, 3.8, 6.1, 8.1, 9.8] });
    expect(fit.coefficients[1]).toBeCloseTo(1.95, 10);
    expect(fit.pValues[1]).toBeLessThan(0.001);
  });

  it('names the collinear column', () => {
    expect(() =>
      fitOls({
        design: [
          [1, 2],
          [2, 4],
          [3, 6],
          [4, 8],
        ],
        response: [1, 2, 3, 5],
      }),
    ).toThrow(/design column 1/);
  });

  it('returns finite results or a typed error for any input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          {
            minLength: 0,
            maxLength: 12,
          },
        ),
        (rows) => {
          try {
            const fit = fitOls({ design: rows.map((row) => [row[0]]), response: rows.map((row) => row[1]) });
            for (const value of [...fit.coefficients, ...fit.pValues, fit.rSquared])
              expect(Number.isNaN(value)).toBe(false);
            for (const p of fit.pValues) expect(p >= 0 && p <= 1).toBe(true);
          } catch (error) {
            if (!DyocenseError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
