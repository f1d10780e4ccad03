import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { mae } from '../evaluation/point-metrics.js';
import { getCountryHolidays } from '../holidays/get-country-holidays.js';
import {
  dailyTimestamps,
  gaussianNoise,
  hourlyTimestamps,
  promotedSales,
  promotionFlags,
  twoCycleLoad,
} from './__fixtures__/simulated-series.js';
import { fit as fitSeries } from './fit.js';
import { forecast } from './forecast.js';

const means = (result: { points: readonly { mean: number }[] }): number[] =>
  result.points.map((point) => point.mean);

describe('mstl through forecast()', () => {
  // Six weeks of hourly history, one week held out; the truth has a 24-hour and a 168-hour cycle.
  const total = 24 * 7 * 7;
  const timestamps = hourlyTimestamps(total);
  const values = twoCycleLoad(total);
  const train = {
    id: 'load',
    timestamps: timestamps.slice(0, total - 168),
    values: values.slice(0, total - 168),
  };
  const actual = values.slice(total - 168);

  it('removes the 24 and 168 hour cycles by default for hourly data', () => {
    const result = forecast(train, { horizon: 168, model: 'mstl' });
    expect(result.method).toMatch(/^STL \+ /);
    expect(result.diagnostics.model).toBe('mstl');
  });

  it('beats single-season ETS on the held-out week by more than half its error', () => {
    const mstl = mae(actual, means(forecast(train, { horizon: 168, model: 'mstl' })));
    const ets = mae(actual, means(forecast(train, { horizon: 168, model: 'ets', seasonPeriod: 24 })));
    // Noise sd is 3, so a forecast knowing both cycles has MAE near 3·√(2/π) ≈ 2.4.
    expect(mstl).toBeLessThan(4);
    expect(mstl).toBeLessThan(0.5 * ets);
  }, 60_000);

  it('uses the given seasonPeriods', () => {
    const model = fitSeries(train, { horizon: 24, model: 'mstl', seasonPeriods: [24] });
    expect(model.diagnostics().model).toBe('mstl');
    const withWeekly = mae(actual.slice(0, 24), means(forecast(train, { horizon: 24, model: 'mstl' })));
    const dailyOnly = mae(actual.slice(0, 24), means(model.predict()));
    expect(withWeekly).toBeLessThan(dailyOnly);
  });

  it('is an auto candidate when two cycles fit in the history', () => {
    const result = forecast(train, { horizon: 24, crossValidationWindows: 2 });
    expect(result.diagnostics.crossValidation.map((score) => score.model)).toContain('mstl');
  }, 120_000);
});

describe('prophet through forecast()', () => {
  it('recovers a country holiday effect', () => {
    // Three years of daily sales ending 2023-12-17 (a Sunday): weekly cycle, +60 on GB public and bank holidays.
    const timestamps = dailyTimestamps('2020-12-18', 3 * 365);
    const holidayDays = new Set(getCountryHolidays('GB', 2020, 2024).map((holiday) => holiday.date));
    const truth = (timestamp: number, index: number): number =>
      200 +
      15 * Math.sin((2 * Math.PI * index) / 7) +
      (holidayDays.has(new Date(timestamp).toISOString().slice(0, 10)) ? 60 : 0);
    const noise = gaussianNoise(timestamps.length, 2, 3);
    const result = forecast(
      {
        id: 'shop',
        timestamps,
        values: timestamps.map((timestamp, index) => truth(timestamp, index) + (noise[index] as number)),
      },
      { horizon: 14, model: 'prophet', prophet: { holidays: { country: 'GB' } } },
    );
    const at = (date: string): number =>
      result.points.find((point) => point.timestamp === date)?.mean as number;
    // 25 and 26 December 2023 are a Monday and a Tuesday; the same weekdays a week earlier are ordinary days.
    expect(at('2023-12-25') - at('2023-12-18')).toBeGreaterThan(50);
    expect(at('2023-12-25') - at('2023-12-18')).toBeLessThan(70);
    expect(at('2023-12-26') - at('2023-12-19')).toBeGreaterThan(50);
    expect(at('2023-12-26') - at('2023-12-19')).toBeLessThan(70);
  });

  it('forecasts a user event with its future dates', () => {
    const timestamps = dailyTimestamps('2023-01-01', 400);
    const eventDays = timestamps
      .filter((_, index) => index % 30 === 15)
      .map((timestamp) => new Date(timestamp).toISOString().slice(0, 10));
    const future = dailyTimestamps('2024-02-05', 40).map((timestamp) =>
      new Date(timestamp).toISOString().slice(0, 10),
    );
    const noise = gaussianNoise(timestamps.length, 3, 4);
    const values = timestamps.map((timestamp, index) => {
      const date = new Date(timestamp).toISOString().slice(0, 10);
      return 100 + (eventDays.includes(date) ? 50 : 0) + (noise[index] as number);
    });
    const futureEvent = future[20] as string;
    const result = forecast(
      { id: 'shop', timestamps, values },
      {
        horizon: 40,
        model: 'prophet',
        prophet: { events: [{ name: 'sale', dates: [...eventDays, futureEvent] }] },
      },
    );
    expect(result.points[0]?.timestamp).toBe('2024-02-05');
    const onEvent = result.points[20]?.mean as number;
    const dayBefore = result.points[19]?.mean as number;
    expect(onEvent - dayBefore).toBeGreaterThan(40);
    expect(onEvent - dayBefore).toBeLessThan(60);
  });
});

describe('regression through forecast()', () => {
  const length = 400;
  const horizon = 28;
  const flags = promotionFlags(length + horizon, 0.2);
  const sales = promotedSales(flags);
  const timestamps = dailyTimestamps('2023-01-01', length);
  const series = { id: 'sales', timestamps, values: sales.slice(0, length) };
  const actual = sales.slice(length);

  it('uses an exogenous promotion flag and beats ETS without it by more than half its error', () => {
    const regression = forecast(series, {
      horizon,
      model: 'regression',
      exogenous: { promotion: flags.slice(0, length) },
      futureExogenous: { promotion: flags.slice(length) },
    });
    const ets = forecast(series, { horizon, model: 'ets' });
    const regressionError = mae(actual, means(regression));
    expect(regression.diagnostics.model).toBe('regression');
    expect(regressionError).toBeLessThan(6);
    expect(regressionError).toBeLessThan(0.5 * mae(actual, means(ets)));
  });

  it('lets prophet use the same regressor', () => {
    const prophet = fitSeries(series, {
      horizon,
      model: 'prophet',
      exogenous: { promotion: flags.slice(0, length) },
      futureExogenous: { promotion: flags.slice(length) },
    });
    expect(mae(actual, means(prophet.predict()))).toBeLessThan(6);
  });

  it('refuses future regressor values shorter than the horizon', () => {
    const call = () =>
      forecast(series, {
        horizon,
        model: 'regression',
        exogenous: { promotion: flags.slice(0, length) },
        futureExogenous: { promotion: flags.slice(length, length + 5) },
      });
    expect(call).toThrow(/futureExogenous\.promotion needs at least 28 values/);
    try {
      call();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
    }
  });

  it('refuses to predict past the given future regressor values', () => {
    const model = fitSeries(series, {
      horizon,
      model: 'regression',
      exogenous: { promotion: flags.slice(0, length) },
      futureExogenous: { promotion: flags.slice(length) },
    });
    expect(() => model.predict(40)).toThrow(/futureExogenous\.promotion/);
  });

  it('predicts for another plan of the regressor and other levels without refitting', () => {
    const model = fitSeries(series, {
      horizon,
      model: 'regression',
      exogenous: { promotion: flags.slice(0, length) },
      futureExogenous: { promotion: flags.slice(length) },
    });
    const always = model.predict(7, { futureExogenous: { promotion: Array(7).fill(1) }, levels: [50] });
    const never = model.predict(7, { futureExogenous: { promotion: Array(7).fill(0) } });
    const lift = means(always).map((value, step) => value - (means(never)[step] as number));
    // The simulated promotion adds 40.
    expect(lift.every((value) => value > 30 && value < 50)).toBe(true);
    expect(always.points[0]?.intervals.map((interval) => interval.level)).toEqual([50]);
    expect(never.points[0]?.intervals.map((interval) => interval.level)).toEqual([80, 95]);
  });

  it('refuses regressors that do not match the series length', () => {
    expect(() =>
      forecast(series, {
        horizon,
        model: 'regression',
        exogenous: { promotion: flags.slice(0, 10) },
        futureExogenous: { promotion: flags.slice(length) },
      }),
    ).toThrow(/exogenous\.promotion has 10 values but the series has 400/);
  });

  it('warns when the chosen model ignores the regressors', () => {
    const result = forecast(series, {
      horizon,
      model: 'theta',
      exogenous: { promotion: flags.slice(0, length) },
      futureExogenous: { promotion: flags.slice(length) },
    });
    expect(result.warnings.join(' ')).toMatch(/theta does not use exogenous regressors; promotion ignored/);
  });
});
