import { readFileSync } from 'node:fs';
import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FittedModel } from '../model/fitted-model.js';
import { fitDrift } from './fit-drift.js';
import { fitMean } from './fit-mean.js';
import { fitNaive } from './fit-naive.js';
import { fitNaive2 } from './fit-naive2.js';
import { fitSeasonalNaive } from './fit-seasonal-naive.js';

interface RForecast {
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  fitted: (number | null)[];
  residuals: (number | null)[];
}

interface NaiveCase {
  name: string;
  period: number;
  horizon: number;
  values: number[];
  naive: RForecast;
  snaive?: RForecast;
  drift: RForecast;
  mean: RForecast;
  naive2: { mean: number[]; seasonal: boolean };
}

// Fixture: bench/reference/theta-fixtures.R, R 4.2.2 with forecast 8.20 (see the `r` and `forecast` fields).
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/r-naive.json', import.meta.url), 'utf8')) as {
  cases: NaiveCase[];
};

function relative(actual: readonly (number | null)[], expected: readonly (number | null)[]): number {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  expected.forEach((value, index) => {
    const mine = actual[index];
    if (value === null || mine === null || mine === undefined) {
      expect(mine ?? null).toBe(value);
      return;
    }
    worst = Math.max(worst, Math.abs(mine - value) / Math.max(1, Math.abs(value)));
  });
  return worst;
}

function differenceFromR(model: FittedModel, horizon: number, expected: RForecast): number {
  const result = model.forecast(horizon, [80, 95]);
  return Math.max(
    relative(result.mean, expected.mean),
    relative(result.intervals[0]?.lower ?? [], expected.lower80),
    relative(result.intervals[0]?.upper ?? [], expected.upper80),
    relative(result.intervals[1]?.lower ?? [], expected.lower95),
    relative(result.intervals[1]?.upper ?? [], expected.upper95),
    relative(model.fitted, expected.fitted),
    relative(model.residuals, expected.residuals),
  );
}

describe('baselines against R forecast 8.20', () => {
  it.each(fixture.cases)('fitNaive matches naive() on $name to 1e-12', (testCase) => {
    expect(differenceFromR(fitNaive(testCase.values), testCase.horizon, testCase.naive)).toBeLessThan(1e-12);
  });

  it.each(fixture.cases.filter((testCase) => testCase.snaive))(
    'fitSeasonalNaive matches snaive() on $name to 1e-12',
    (testCase) => {
      const model = fitSeasonalNaive(testCase.values, testCase.period);
      expect(differenceFromR(model, testCase.horizon, testCase.snaive as RForecast)).toBeLessThan(1e-12);
    },
  );

  it.each(fixture.cases)('fitDrift matches rwf(drift = TRUE) on $name to 1e-12', (testCase) => {
    expect(differenceFromR(fitDrift(testCase.values), testCase.horizon, testCase.drift)).toBeLessThan(1e-12);
  });

  // Student's t quantile by Newton on the incomplete beta function: agrees with R's qt to about 1e-12.
  it.each(fixture.cases)('fitMean matches meanf() on $name to 1e-10', (testCase) => {
    expect(differenceFromR(fitMean(testCase.values), testCase.horizon, testCase.mean)).toBeLessThan(1e-10);
  });

  it.each(fixture.cases)('fitNaive2 matches the M4 benchmark Naive2 on $name to 1e-12', (testCase) => {
    const model = fitNaive2(testCase.values, testCase.period);
    expect(model.seasonal).toBe(testCase.naive2.seasonal);
    expect(relative(model.forecast(testCase.horizon, []).mean, testCase.naive2.mean)).toBeLessThan(1e-12);
  });
});

describe('baseline behaviour', () => {
  it('widens drift intervals faster than naive ones because the drift itself is uncertain', () => {
    const values = [10, 12, 11, 14, 13, 15, 17, 16, 18, 20];
    const drift = fitDrift(values).forecast(10, [95]).intervals[0];
    const sigma = fitDrift(values).parameters.sigma as number;
    const width = ((drift?.upper[9] as number) - (drift?.lower[9] as number)) / 2;
    expect(width).toBeGreaterThan(1.959963984540054 * sigma * Math.sqrt(10));
  });

  it('scales Naive2 intervals by the seasonal index of each step', () => {
    const values = Array.from({ length: 48 }, (_, index) => (100 + index) * (index % 4 === 0 ? 1.5 : 0.8333));
    const model = fitNaive2(values, 4);
    expect(model.seasonal).toBe(true);
    const result = model.forecast(4, [80]);
    const widths = result.mean.map(
      (_, step) =>
        (result.intervals[0]?.upper[step] as number) - (result.intervals[0]?.lower[step] as number),
    );
    expect((widths[0] as number) / (widths[1] as number)).toBeCloseTo((1.5 / 0.8333) * Math.sqrt(1 / 2), 1);
  });

  it('rejects a seasonal naive history shorter than one season plus one', () => {
    expect(() => fitSeasonalNaive([1, 2, 3, 4], 4)).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });

  it('rejects a missing value with invalid_input naming its position', () => {
    expect(() => fitNaive([1, Number.NaN, 3])).toThrow(/position 1/);
  });

  it('rejects a horizon of zero and a level of 100', () => {
    const model = fitNaive([1, 2, 3]);
    expect(() => model.forecast(0, [80])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => model.forecast(3, [100])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('baseline properties', () => {
  const fitters: [string, (values: number[], period: number) => FittedModel][] = [
    ['naive', (values) => fitNaive(values)],
    ['seasonal naive', (values, period) => fitSeasonalNaive(values, period)],
    ['drift', (values) => fitDrift(values)],
    ['mean', (values) => fitMean(values)],
    ['Naive2', (values, period) => fitNaive2(values, period)],
  ];

  it.each(fitters)(
    '%s returns a model or a DyocenseError and sound forecasts for any finite input',
    (_, fitModel) => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 50 }),
          fc.constantFrom(1, 4, 7, 12),
          fc.integer({ min: 1, max: 30 }),
          (values, period, horizon) => {
            let model: FittedModel;
            let result: ReturnType<FittedModel['forecast']>;
            try {
              model = fitModel(values, period);
              result = model.forecast(horizon, [95, 80]);
            } catch (error) {
              expect(DyocenseError.isInstance(error)).toBe(true);
              return;
            }
            expect(result.mean).toHaveLength(horizon);
            expect(model.fitted).toHaveLength(values.length);
            const [wide, narrow] = result.intervals;
            result.mean.forEach((mean, step) => {
              const bounds = [
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
        { numRuns: 150 },
      );
    },
  );
});
