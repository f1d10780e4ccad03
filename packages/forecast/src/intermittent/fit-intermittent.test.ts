import { readFileSync } from 'node:fs';
import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitCroston } from './fit-croston.js';
import { fitTsb } from './fit-tsb.js';
import type { IntermittentModel } from './intermittent-model.js';

// Fixture: bench/reference/theta-fixtures.R, R 4.2.2 with forecast 8.20; the series is recorded in it.
const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/r-croston.json', import.meta.url), 'utf8'),
) as {
  values: number[];
  horizon: number;
  cases: { alpha: number; mean: number[]; fitted: (number | null)[] }[];
};

describe('fitCroston against R forecast::croston', () => {
  it.each(fixture.cases)('matches the forecasts and fits for alpha $alpha to 1e-12', (testCase) => {
    const model = fitCroston(fixture.values, { alpha: testCase.alpha });
    const { mean } = model.forecast(fixture.horizon, []);
    mean.forEach((value, step) => {
      expect(Math.abs(value - (testCase.mean[step] as number))).toBeLessThan(1e-12);
    });
    expect(model.fitted).toHaveLength(testCase.fitted.length);
    testCase.fitted.forEach((expected, index) => {
      if (expected === null) expect(model.fitted[index]).toBeNull();
      else expect(Math.abs((model.fitted[index] as number) - expected)).toBeLessThan(1e-12);
    });
  });

  it('scales the forecast by 1 - α/2 for the Syntetos–Boylan approximation', () => {
    const classic = fitCroston(fixture.values, { alpha: 0.2 }).forecast(1, []).mean[0] as number;
    const sba = fitCroston(fixture.values, { alpha: 0.2, variant: 'sba' }).forecast(1, []).mean[0] as number;
    expect(sba).toBeCloseTo(classic * 0.9, 12);
  });
});

describe('intermittent behaviour', () => {
  it('forecasts zero for an all-zero history and records why', () => {
    const model = fitCroston([0, 0, 0, 0, 0, 0]);
    expect(model.fallbackReason).toMatch(/every observation is zero/);
    expect(model.forecast(3, [95])).toEqual({
      mean: [0, 0, 0],
      intervals: [{ level: 95, lower: [0, 0, 0], upper: [0, 0, 0] }],
    });
    expect(fitTsb([0, 0, 0]).forecast(2, []).mean).toEqual([0, 0]);
  });

  it('lets the TSB forecast decay through a run of zeros while Croston’s stays put', () => {
    const history = [4, 0, 5, 0, 3, 0, 4, ...new Array<number>(20).fill(0)];
    const tsb = fitTsb(history, { alpha: 0.2, probabilityAlpha: 0.2 }).forecast(1, []).mean[0] as number;
    const croston = fitCroston(history, { alpha: 0.2 }).forecast(1, []).mean[0] as number;
    expect(tsb).toBeLessThan(0.1 * croston);
  });

  it('chooses weights with a lower in-sample MSE than the defaults when asked to optimise', () => {
    const mse = (model: IntermittentModel) => {
      const errors = model.residuals.filter((value): value is number => value !== null);
      return errors.reduce((sum, value) => sum + value * value, 0) / errors.length;
    };
    expect(mse(fitCroston(fixture.values, { optimize: 'mse' }))).toBeLessThanOrEqual(
      mse(fitCroston(fixture.values)),
    );
    expect(mse(fitTsb(fixture.values, { optimize: 'mse' }))).toBeLessThanOrEqual(mse(fitTsb(fixture.values)));
    const mar = fitCroston(fixture.values, { optimize: 'mar', variant: 'sba' });
    expect(mar.parameters.alpha).toBeGreaterThanOrEqual(0);
    expect(mar.parameters.alpha).toBeLessThanOrEqual(1);
  });

  it('covers at least the nominal share of the in-sample one-step errors with its 80% interval', () => {
    const model = fitCroston(fixture.values);
    const { mean, intervals } = model.forecast(1, [80]);
    const point = mean[0] as number;
    const lower = intervals[0]?.lower[0] as number;
    const upper = intervals[0]?.upper[0] as number;
    const firstDemand = fixture.values.findIndex((value) => value > 0);
    const errors = model.residuals.slice(firstDemand + 1) as number[];
    const inside = errors.filter((error) => point + error >= lower && point + error <= upper).length;
    expect(inside / errors.length).toBeGreaterThanOrEqual(0.8);
    expect(lower).toBeGreaterThanOrEqual(0);
    expect(upper).toBeGreaterThan(point);
  });

  it('rejects negative demand with invalid_input', () => {
    expect(() => fitCroston([1, -2, 0])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => fitTsb([1, 0, 2], { alpha: 2 })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it.each([
    ['Croston', (values: number[]) => fitCroston(values)],
    ['SBA, optimised by MAR', (values: number[]) => fitCroston(values, { variant: 'sba', optimize: 'mar' })],
    ['TSB', (values: number[]) => fitTsb(values)],
  ])('%s never forecasts below zero and keeps intervals nested for any finite input', (_, fitModel) => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -5, max: 1e6, noNaN: true })), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (values, horizon) => {
          let result: ReturnType<IntermittentModel['forecast']>;
          try {
            result = fitModel(values).forecast(horizon, [95, 80]);
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
            return;
          }
          expect(result.mean).toHaveLength(horizon);
          const [wide, narrow] = result.intervals;
          result.mean.forEach((mean, step) => {
            const bounds = [
              0,
              wide?.lower[step],
              narrow?.lower[step],
              mean,
              narrow?.upper[step],
              wide?.upper[step],
            ];
            for (const bound of bounds) expect(Number.isFinite(bound)).toBe(true);
            for (let index = 1; index < bounds.length; index += 1) {
              expect(bounds[index] as number).toBeGreaterThanOrEqual(bounds[index - 1] as number);
            }
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
