import { readFileSync } from 'node:fs';
import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitOptimizedTheta } from './fit-optimized-theta.js';
import { runThetaLines } from './internal/theta-lines.js';

const airPassengers = (
  JSON.parse(readFileSync(new URL('./__fixtures__/r-theta.json', import.meta.url), 'utf8')) as {
    cases: { name: string; values: number[] }[];
  }
).cases.find((testCase) => testCase.name === 'AirPassengers')?.values as number[];

function sumOfSquares(values: readonly number[], fitted: readonly (number | null)[], from: number): number {
  let sum = 0;
  for (let index = from; index < values.length; index += 1) {
    sum += ((values[index] as number) - (fitted[index] as number)) ** 2;
  }
  return sum;
}

describe('fitOptimizedTheta', () => {
  it('reproduces a fit exactly from its own parameters, and refuses parameters out of bounds', () => {
    const fitted = fitOptimizedTheta(airPassengers, { period: 12 });
    const { initialLevel, alpha, theta } = fitted.parameters as Record<string, number>;
    const again = fitOptimizedTheta(airPassengers, {
      period: 12,
      parameters: { initialLevel: initialLevel as number, alpha: alpha as number, theta: theta as number },
    });
    expect(again.forecast(12, [95])).toEqual(fitted.forecast(12, [95]));
    expect(again.parameters).toEqual(fitted.parameters);
    // A prefix keeps the parameters (the rolling-origin windows of auto) and gives its own states.
    const prefix = fitOptimizedTheta(airPassengers.slice(0, 120), {
      period: 12,
      parameters: { initialLevel: initialLevel as number, alpha: alpha as number, theta: theta as number },
    });
    expect(prefix.parameters.alpha).toBe(alpha);
    expect(prefix.fitted).toHaveLength(120);
    expect(() =>
      fitOptimizedTheta(airPassengers, { parameters: { initialLevel: 100, alpha: 0.05, theta: 2 } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() =>
      fitOptimizedTheta(airPassengers, { parameters: { initialLevel: 100, alpha: 0.5, theta: 0.5 } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('reaches a criterion no worse than the standard theta model (θ = 2) on the same data', () => {
    const nile = [
      1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180,
    ];
    const optimised = fitOptimizedTheta(nile);
    const standard = fitOptimizedTheta(nile, { theta: 2 });
    expect(sumOfSquares(nile, optimised.fitted, 2)).toBeLessThanOrEqual(
      sumOfSquares(nile, standard.fitted, 2) * (1 + 1e-8),
    );
  });

  it('forecasts a straight line almost exactly with the dynamic model', () => {
    const line = Array.from({ length: 40 }, (_, index) => 5 + 3 * index);
    const { mean } = fitOptimizedTheta(line).forecast(5, []);
    mean.forEach((value, step) => {
      expect(Math.abs(value - (5 + 3 * (40 + step))) / value).toBeLessThan(0.01);
    });
  });

  it('forecasts the held-out last year of AirPassengers within 10% MAPE', () => {
    const train = airPassengers.slice(0, 132);
    const test = airPassengers.slice(132);
    const model = fitOptimizedTheta(train, { period: 12 });
    expect(model.seasonal).toBe(true);
    const { mean } = model.forecast(12, []);
    const mape =
      mean.reduce((sum, value, step) => sum + Math.abs(value / (test[step] as number) - 1), 0) / 12;
    expect(mape).toBeLessThan(0.1);
  });

  it('gives the Gaussian limit of forecTheta’s simulated intervals (checked against 20,000 seeded paths)', () => {
    const values = [12, 15, 14, 18, 17, 21, 19, 24, 22, 25, 27, 26, 30, 29, 33, 31];
    const model = fitOptimizedTheta(values);
    const { initialLevel, alpha, theta, sigma } = model.parameters as {
      initialLevel: number;
      alpha: number;
      theta: number;
      sigma: number;
    };
    const horizon = 6;
    const paths = 20_000;
    let seed = 42;
    const uniform = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const gaussian = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const sums = new Array<number>(horizon).fill(0);
    const squares = new Array<number>(horizon).fill(0);
    for (let path = 0; path < paths; path += 1) {
      const shocks = Array.from({ length: horizon }, () => gaussian() * sigma);
      const simulated = runThetaLines(values, { initialLevel, alpha, theta }, true, {
        steps: horizon,
        shocks,
      }).predictions.slice(values.length);
      simulated.forEach((value, step) => {
        const outcome = value + (shocks[step] as number);
        sums[step] = (sums[step] as number) + outcome;
        squares[step] = (squares[step] as number) + outcome * outcome;
      });
    }
    const { mean, intervals } = model.forecast(horizon, [95]);
    mean.forEach((value, step) => {
      const simulatedMean = (sums[step] as number) / paths;
      const simulatedSd = Math.sqrt((squares[step] as number) / paths - simulatedMean ** 2);
      const analyticSd = ((intervals[0]?.upper[step] as number) - value) / 1.959963984540054;
      expect(Math.abs(simulatedMean - value)).toBeLessThan(0.05 * analyticSd);
      expect(Math.abs(simulatedSd / analyticSd - 1)).toBeLessThan(0.03);
    });
  });

  it('reduces to simple exponential smoothing with θ = 1: flat forecasts', () => {
    const values = [3, 5, 4, 6, 5, 7, 6, 5, 6, 7];
    const { mean } = fitOptimizedTheta(values, { theta: 1 }).forecast(4, []);
    for (const value of mean) expect(value).toBeCloseTo(mean[0] as number, 10);
  });

  it('fits the static OTM variant with fixed linear-trend coefficients', () => {
    const model = fitOptimizedTheta([10, 11, 13, 12, 15, 16, 18, 17, 20, 21], { dynamic: false });
    expect(model.method).toBe('OTM');
    expect(model.parameters.theta).toBeGreaterThanOrEqual(1);
  });

  it('rejects θ below 1', () => {
    expect(() => fitOptimizedTheta([1, 2, 3, 4, 5], { theta: 0.5 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('returns a model or a DyocenseError for any finite series, with nested intervals around the mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e5, max: 1e5, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom(1, 4),
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        (values, period, dynamic, horizon) => {
          let result: ReturnType<ReturnType<typeof fitOptimizedTheta>['forecast']>;
          try {
            result = fitOptimizedTheta(values, { period, dynamic }).forecast(horizon, [80, 95]);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          expect(result.mean).toHaveLength(horizon);
          const [eighty, ninetyFive] = result.intervals;
          result.mean.forEach((mean, step) => {
            const bounds = [
              ninetyFive?.lower[step],
              eighty?.lower[step],
              mean,
              eighty?.upper[step],
              ninetyFive?.upper[step],
            ];
            for (const bound of bounds) expect(Number.isFinite(bound)).toBe(true);
            for (let index = 1; index < bounds.length; index += 1) {
              expect(bounds[index] as number).toBeGreaterThanOrEqual(bounds[index - 1] as number);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
