import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { mase } from '../evaluation/point-metrics.js';
import { createNormalSource } from '../internal/create-normal-source.js';
import { fitSeasonalNaive } from '../naive/fit-seasonal-naive.js';
import { promoSeriesTruth, simulatePromoSeries } from './__fixtures__/simulate-promo-series.js';
import { fitRegressionForecast } from './fit-regression-forecast.js';

const day = 86_400_000;
const dailyTimestamps = (length: number, start = Date.UTC(2024, 0, 1)): number[] =>
  Array.from({ length }, (_, index) => start + index * day);

function expectErrorCode(action: () => unknown, code: string): void {
  try {
    action();
  } catch (error) {
    expect(DyocenseError.isInstance(error)).toBe(true);
    expect((error as DyocenseError).code).toBe(code);
    return;
  }
  expect.fail(`expected a DyocenseError with code ${code}`);
}

describe('fitRegressionForecast on a simulated AR(2) series with weekly seasonality and promotions', () => {
  const series = simulatePromoSeries(728, 1);
  const model = fitRegressionForecast(series.timestamps, series.values, {
    lags: [1, 2],
    rollingWindows: [],
    calendar: { dayOfWeek: true },
    exogenous: { promo: series.promo },
  });

  it('recovers the autoregressive coefficients within 0.05', () => {
    expect(Math.abs((model.parameters.lag_1 as number) - promoSeriesTruth.ar1)).toBeLessThan(0.05);
    expect(Math.abs((model.parameters.lag_2 as number) - promoSeriesTruth.ar2)).toBeLessThan(0.05);
  });

  it('recovers the promotion effect within 5%', () => {
    const effect = model.parameters.exogenous_promo as number;
    expect(Math.abs(effect - promoSeriesTruth.promo) / promoSeriesTruth.promo).toBeLessThan(0.05);
  });

  it('recovers the weekday effects relative to Monday within 1', () => {
    const names = ['tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    names.forEach((name, index) => {
      const truth = (promoSeriesTruth.weekday[index + 1] as number) - (promoSeriesTruth.weekday[0] as number);
      expect(Math.abs((model.parameters[`day_${name}`] as number) - truth)).toBeLessThan(1);
    });
  });

  it('ranks features by standardised coefficient and reports shares that sum to 1', () => {
    const importance = model.featureImportance();
    expect(importance.map((entry) => entry.feature).sort()).toEqual([...model.features].sort());
    for (let index = 1; index < importance.length; index++) {
      expect(Math.abs(importance[index - 1]?.standardizedCoefficient as number)).toBeGreaterThanOrEqual(
        Math.abs(importance[index]?.standardizedCoefficient as number),
      );
    }
    expect(importance.reduce((total, entry) => total + entry.importance, 0)).toBeCloseTo(1, 10);
    expect(importance.slice(0, 3).map((entry) => entry.feature)).toContain('exogenous_promo');
  });

  it('beats seasonal naive on MASE over held-out windows with default features', () => {
    const horizon = 14;
    const origins = [560, 588, 616, 644, 672, 700];
    let regressionTotal = 0;
    let naiveTotal = 0;
    for (const origin of origins) {
      const history = series.values.slice(0, origin);
      const actual = series.values.slice(origin, origin + horizon);
      const regression = fitRegressionForecast(series.timestamps.slice(0, origin), history, {
        exogenous: { promo: series.promo.slice(0, origin) },
      }).forecast(horizon, [95], { exogenous: { promo: series.promo.slice(origin, origin + horizon) } });
      const naive = fitSeasonalNaive(history, 7).forecast(horizon, [95]);
      regressionTotal += mase(actual, regression.mean, history, 7) as number;
      naiveTotal += mase(actual, naive.mean, history, 7) as number;
    }
    const regressionMase = regressionTotal / origins.length;
    const naiveMase = naiveTotal / origins.length;
    expect(regressionMase).toBeLessThan(0.7 * naiveMase);
  });
});

describe('fitRegressionForecast without look-ahead', () => {
  it('cannot fit white noise through a one-value rolling window, which would be a perfect fit with leakage', () => {
    const normal = createNormalSource(7);
    const values = Array.from({ length: 300 }, () => 50 + 5 * normal.next());
    const model = fitRegressionForecast(dailyTimestamps(300), values, {
      lags: [1],
      rollingWindows: [1],
      calendar: {},
    });
    const residuals = model.residuals.filter((value): value is number => value !== null);
    const rootMeanSquare = Math.sqrt(
      residuals.reduce((total, value) => total + value * value, 0) / residuals.length,
    );
    expect(rootMeanSquare).toBeGreaterThan(4.5);
  });

  it('gives the same forecasts whatever the future holds: fits on a prefix ignore later values', () => {
    const series = simulatePromoSeries(200, 3);
    const options = { exogenous: { promo: series.promo.slice(0, 150) } };
    const future = { exogenous: { promo: series.promo.slice(150, 160) } };
    const original = fitRegressionForecast(
      series.timestamps.slice(0, 150),
      series.values.slice(0, 150),
      options,
    );
    const changed = series.values.map((value, index) => (index >= 150 ? value * 100 : value));
    const again = fitRegressionForecast(series.timestamps.slice(0, 150), changed.slice(0, 150), options);
    expect(again.forecast(10, [95], future)).toEqual(original.forecast(10, [95], future));
  });

  it('feeds its own predictions back as lags: an exactly autoregressive series is continued exactly', () => {
    const driver = (index: number): number => 4 * Math.sin(index / 3);
    const next = (series: readonly number[], index: number): number =>
      0.6 * (series[index - 1] as number) + 0.3 * (series[index - 2] as number) + 5 + driver(index);
    const values = [1, 2];
    for (let index = 2; index < 65; index++) values.push(next(values, index));
    const model = fitRegressionForecast(dailyTimestamps(60), values.slice(0, 60), {
      lags: [1, 2],
      rollingWindows: [],
      calendar: {},
      exogenous: { driver: values.slice(0, 60).map((_, index) => driver(index)) },
      penalty: 0,
    });
    const future = { exogenous: { driver: [60, 61, 62, 63, 64].map(driver) } };
    const { mean } = model.forecast(5, [80], future);
    for (const [step, value] of mean.entries()) expect(value).toBeCloseTo(values[60 + step] as number, 3);
  });
});

describe('fitRegressionForecast conformal intervals', () => {
  it('cover 92-98% of held-out values at 95% across many simulated series', () => {
    const horizon = 14;
    let covered95 = 0;
    let covered80 = 0;
    let total = 0;
    for (let seed = 100; seed < 160; seed++) {
      const series = simulatePromoSeries(400 + horizon, seed);
      const model = fitRegressionForecast(series.timestamps.slice(0, 400), series.values.slice(0, 400), {
        exogenous: { promo: series.promo.slice(0, 400) },
      });
      const forecast = model.forecast(horizon, [80, 95], { exogenous: { promo: series.promo.slice(400) } });
      const [interval80, interval95] = forecast.intervals;
      series.values.slice(400).forEach((actual, step) => {
        total++;
        if (actual >= (interval95?.lower[step] as number) && actual <= (interval95?.upper[step] as number))
          covered95++;
        if (actual >= (interval80?.lower[step] as number) && actual <= (interval80?.upper[step] as number))
          covered80++;
      });
    }
    expect(covered95 / total).toBeGreaterThanOrEqual(0.92);
    expect(covered95 / total).toBeLessThanOrEqual(0.98);
    expect(covered80 / total).toBeGreaterThanOrEqual(0.74);
    expect(covered80 / total).toBeLessThanOrEqual(0.88);
  }, 60_000);

  it('widen with the horizon and nest across levels', () => {
    const series = simulatePromoSeries(300, 11);
    const model = fitRegressionForecast(series.timestamps, series.values, {
      exogenous: { promo: series.promo },
      futureExogenous: { promo: Array.from({ length: 40 }, () => 0) },
    });
    const { mean, intervals } = model.forecast(40, [95, 50, 80]);
    const widths = intervals.map((interval) =>
      interval.upper.map((upper, step) => upper - (interval.lower[step] as number)),
    );
    for (const width of widths)
      for (let step = 1; step < 40; step++)
        expect(width[step]).toBeGreaterThanOrEqual(width[step - 1] as number);
    for (let step = 0; step < 40; step++) {
      expect(widths[0]?.[step]).toBeGreaterThanOrEqual(widths[2]?.[step] as number);
      expect(widths[2]?.[step]).toBeGreaterThanOrEqual(widths[1]?.[step] as number);
      expect(intervals[1]?.lower[step]).toBeLessThanOrEqual(mean[step] as number);
    }
  });
});

describe('fitRegressionForecast options', () => {
  it('fits log1p-transformed counts and never forecasts below zero', () => {
    const normal = createNormalSource(5);
    const values = Array.from({ length: 120 }, (_, index) =>
      Math.max(0, Math.round(3 + 2 * Math.sin(index) + normal.next())),
    );
    const model = fitRegressionForecast(dailyTimestamps(120), values, { transform: 'log1p' });
    const { mean, intervals } = model.forecast(21, [95]);
    expect(model.method).toContain('log1p');
    for (const value of [...mean, ...(intervals[0]?.lower ?? [])]) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('chooses calendar features from the inferred frequency', () => {
    const hourly = Array.from({ length: 24 * 14 }, (_, index) => Date.UTC(2024, 0, 1) + index * 3_600_000);
    const values = hourly.map((_, index) => 10 + 3 * Math.sin((2 * Math.PI * index) / 24) + (index % 5));
    const model = fitRegressionForecast(hourly, values);
    expect(model.seasonPeriod).toBe(24);
    expect(model.features).toEqual(
      expect.arrayContaining(['lag_24', 'lag_48', 'hour_sin_1', 'day_sunday', 'rolling_sd_24']),
    );
  });

  it('continues business-day series on weekdays only', () => {
    const timestamps: number[] = [];
    for (let date = Date.UTC(2024, 0, 1); timestamps.length < 80; date += day) {
      const weekday = new Date(date).getUTCDay();
      if (weekday !== 0 && weekday !== 6) timestamps.push(date);
    }
    const values = timestamps.map((timestamp) => 10 + new Date(timestamp).getUTCDay());
    const model = fitRegressionForecast(timestamps, values, { lags: [1, 5], calendar: { dayOfWeek: true } });
    const { mean } = model.forecast(5, [80]);
    // Values are 10 + weekday (Monday 1 .. Friday 5); the next five business days cycle through them.
    const next = [1, 2, 3, 4, 5].map(
      (offset) => 10 + (((new Date(timestamps[79] as number).getUTCDay() + offset - 1) % 5) + 1),
    );
    for (const [step, value] of mean.entries()) expect(value).toBeCloseTo(next[step] as number, 0);
  });

  it('uses the futureExogenous option when forecast gets no future values', () => {
    const series = simulatePromoSeries(200, 4);
    const promo = Array.from({ length: 7 }, () => 1);
    const withDefault = fitRegressionForecast(series.timestamps, series.values, {
      exogenous: { promo: series.promo },
      futureExogenous: { promo },
    });
    expect(withDefault.forecast(7, [80])).toEqual(withDefault.forecast(7, [80], { exogenous: { promo } }));
  });
});

describe('fitRegressionForecast errors', () => {
  const timestamps = dailyTimestamps(60);
  const values = timestamps.map((_, index) => index % 7);

  it('throws insufficient_data for a history shorter than its lags need', () => {
    expectErrorCode(
      () => fitRegressionForecast(dailyTimestamps(10), values.slice(0, 10)),
      'insufficient_data',
    );
    expectErrorCode(() => fitRegressionForecast(timestamps, values, { lags: [55] }), 'insufficient_data');
  });

  it('throws invalid_input for mismatched, unordered or gapped timestamps', () => {
    expectErrorCode(() => fitRegressionForecast(timestamps.slice(1), values), 'invalid_input');
    expectErrorCode(() => fitRegressionForecast([...timestamps].reverse(), values), 'invalid_input');
    const gapped = timestamps.map((timestamp, index) => (index >= 30 ? timestamp + 3 * day : timestamp));
    expectErrorCode(() => fitRegressionForecast(gapped, values), 'invalid_input');
  });

  it('throws invalid_input for non-finite values, unknown options and negative values under log1p', () => {
    expectErrorCode(
      () =>
        fitRegressionForecast(
          timestamps,
          values.map((value, index) => (index === 3 ? Number.NaN : value)),
        ),
      'invalid_input',
    );
    expectErrorCode(
      () => fitRegressionForecast(timestamps, values, { holidays: 'US' } as never),
      'invalid_input',
    );
    expectErrorCode(
      () =>
        fitRegressionForecast(
          timestamps,
          values.map((value) => value - 3),
          { transform: 'log1p' },
        ),
      'invalid_input',
    );
  });

  it('throws invalid_input for exogenous values of the wrong length or missing at forecast time', () => {
    expectErrorCode(
      () => fitRegressionForecast(timestamps, values, { exogenous: { price: [1, 2] } }),
      'invalid_input',
    );
    const model = fitRegressionForecast(timestamps, values, {
      exogenous: { price: values.map((value) => value * 2) },
    });
    expectErrorCode(() => model.forecast(5, [80]), 'invalid_input');
    expectErrorCode(() => model.forecast(5, [80], { exogenous: { price: [1, 2] } }), 'invalid_input');
  });

  it('throws invalid_input for a bad horizon or level', () => {
    const model = fitRegressionForecast(timestamps, values);
    expectErrorCode(() => model.forecast(0, [80]), 'invalid_input');
    expectErrorCode(() => model.forecast(3, [100]), 'invalid_input');
  });
});
