import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FittedModel } from '../model/fitted-model.js';
import { autoEts } from './auto-ets.js';
import { fitEts } from './fit-ets.js';

const finiteSeries = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
  minLength: 0,
  maxLength: 60,
});
const positiveSeries = fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true, noDefaultInfinity: true }), {
  minLength: 8,
  maxLength: 60,
});

function checkForecast(model: FittedModel, horizon: number): void {
  const forecast = model.forecast(horizon, [95, 80]);
  expect(forecast.mean.length).toBe(horizon);
  expect(forecast.intervals.map((interval) => interval.level)).toEqual([80, 95]);
  const [inner, outer] = forecast.intervals;
  for (let h = 0; h < horizon; h++) {
    const mean = forecast.mean[h] ?? Number.NaN;
    const values = [mean, inner?.lower[h], inner?.upper[h], outer?.lower[h], outer?.upper[h]];
    for (const value of values) expect(Number.isFinite(value)).toBe(true);
    expect(outer?.lower[h] ?? Number.NaN).toBeLessThanOrEqual(inner?.lower[h] ?? Number.NaN);
    expect(inner?.lower[h] ?? Number.NaN).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(inner?.upper[h] ?? Number.NaN);
    expect(inner?.upper[h] ?? Number.NaN).toBeLessThanOrEqual(outer?.upper[h] ?? Number.NaN);
  }
  for (const value of model.fitted) expect(Number.isFinite(value)).toBe(true);
}

function resultOrDyocenseError(run: () => FittedModel, horizon: number): void {
  let model: FittedModel;
  try {
    model = run();
  } catch (error) {
    expect(DyocenseError.isInstance(error)).toBe(true);
    return;
  }
  checkForecast(model, horizon);
}

describe('ETS properties', () => {
  it('autoEts gives a model with finite, nested intervals or a DyocenseError for any finite series', () => {
    fc.assert(
      fc.property(
        finiteSeries,
        fc.constantFrom(1, 4, 12),
        fc.integer({ min: 1, max: 24 }),
        (y, seasonPeriod, horizon) => {
          resultOrDyocenseError(() => autoEts(y, { seasonPeriod }), horizon);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fitEts with multiplicative components behaves on any positive series, analytic or simulated', () => {
    fc.assert(
      fc.property(
        positiveSeries,
        fc.constantFrom('N', 'A', 'Ad'),
        fc.constantFrom('analytic', 'simulated'),
        fc.integer({ min: 1, max: 18 }),
        (y, trend, method, horizon) => {
          resultOrDyocenseError(
            () =>
              fitEts(y, {
                seasonPeriod: 4,
                error: 'M',
                trend,
                season: 'M',
                intervals: { method, paths: 500 },
              }),
            horizon,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic: the same input gives the same forecast', () => {
    fc.assert(
      fc.property(positiveSeries, (y) => {
        const first = autoEts(y, { seasonPeriod: 4 });
        const again = autoEts(y, { seasonPeriod: 4 });
        expect(again.forecast(6, [80, 95])).toEqual(first.forecast(6, [80, 95]));
      }),
      { numRuns: 10 },
    );
  });
});
