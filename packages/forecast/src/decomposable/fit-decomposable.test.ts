import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import {
  dailyTimestamps,
  dayNumber,
  gaussianNoise,
  isChristmas,
  millisecondsPerDay,
} from './__fixtures__/simulated-series.js';
import type { DecomposableModel } from './decomposable-model.js';
import { fitDecomposable } from './fit-decomposable.js';

const tau = 2 * Math.PI;

function coefficient(model: DecomposableModel, name: string): number {
  return (model.parameters[`beta[${name}]`] ?? Number.NaN) * (model.parameters.y_scale ?? Number.NaN);
}

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return DyocenseError.isInstance(error) ? error.code : 'not a DyocenseError';
  }
  return undefined;
}

describe('fitDecomposable: known truth', () => {
  it('finds a slope change at its date and of its size', () => {
    // 2 years daily: slope +0.5/day, then -0.2/day from day 300 (a change of -0.7/day), weekly pattern, noise sd 1.
    const timestamps = dailyTimestamps('2021-01-01', 731);
    const noise = gaussianNoise(731, 1, 11);
    const values = timestamps.map(
      (timestamp, index) =>
        50 +
        0.5 * index -
        0.7 * Math.max(0, index - 300) +
        3 * Math.sin((tau * dayNumber(timestamp)) / 7) +
        (noise[index] ?? 0),
    );
    const truth = timestamps[300] ?? 0;
    const model = fitDecomposable(timestamps, values);
    const strongest = [...model.changepoints].sort(
      (left, right) => Math.abs(right.rateChangePerDay) - Math.abs(left.rateChangePerDay),
    )[0];
    expect(Math.abs((strongest?.timestamp ?? 0) - truth) / millisecondsPerDay).toBeLessThanOrEqual(30);
    const nearby = model.changepoints
      .filter((changepoint) => Math.abs(changepoint.timestamp - truth) <= 45 * millisecondsPerDay)
      .reduce((total, changepoint) => total + changepoint.rateChangePerDay, 0);
    expect(nearby).toBeGreaterThan(-0.77);
    expect(nearby).toBeLessThan(-0.63);
    const elsewhere = model.changepoints
      .filter((changepoint) => Math.abs(changepoint.timestamp - truth) > 45 * millisecondsPerDay)
      .reduce((largest, changepoint) => Math.max(largest, Math.abs(changepoint.rateChangePerDay)), 0);
    expect(elsewhere).toBeLessThan(0.07);
  });

  it('recovers Fourier amplitudes of yearly and weekly seasonality', () => {
    const timestamps = dailyTimestamps('2020-01-01', 3 * 365);
    const noise = gaussianNoise(timestamps.length, 1, 12);
    const values = timestamps.map((timestamp, index) => {
      const day = dayNumber(timestamp);
      return (
        200 +
        0.02 * index +
        10 * Math.sin((tau * day) / 365.25) +
        5 * Math.cos((2 * tau * day) / 365.25) +
        3 * Math.sin((tau * day) / 7) -
        2 * Math.cos((2 * tau * day) / 7) +
        (noise[index] ?? 0)
      );
    });
    const model = fitDecomposable(timestamps, values);
    expect(model.method).toContain('yearly, weekly');
    expect(coefficient(model, 'yearly_sin1')).toBeCloseTo(10, 0);
    expect(coefficient(model, 'yearly_cos2')).toBeCloseTo(5, 0);
    expect(coefficient(model, 'weekly_sin1')).toBeCloseTo(3, 0);
    expect(coefficient(model, 'weekly_cos2')).toBeCloseTo(-2, 0);
    expect(Math.abs(coefficient(model, 'yearly_sin5'))).toBeLessThan(0.3);
    expect(model.sigma).toBeGreaterThan(0.9);
    expect(model.sigma).toBeLessThan(1.1);
  });

  it('recovers a holiday effect of known size on GB Christmas Day', () => {
    const timestamps = dailyTimestamps('2019-01-01', 3 * 365 + 1);
    const noise = gaussianNoise(timestamps.length, 2, 13);
    const values = timestamps.map(
      (timestamp, index) =>
        100 +
        0.05 * index +
        4 * Math.sin((tau * dayNumber(timestamp)) / 7) +
        (isChristmas(timestamp) ? 50 : 0) +
        (noise[index] ?? 0),
    );
    const model = fitDecomposable(timestamps, values, { holidays: { country: 'GB' } });
    const christmas = coefficient(model, 'Christmas Day');
    expect(christmas).toBeGreaterThan(45);
    expect(christmas).toBeLessThan(55);
    expect(Math.abs(coefficient(model, 'Boxing Day'))).toBeLessThan(5);
    const components = model.components({ horizon: 400 });
    const holiday = components.holidays.find((series) => series.name === 'Christmas Day');
    const future = components.timestamps.findIndex(
      (timestamp, index) => !components.history[index] && isChristmas(timestamp),
    );
    expect(holiday?.values[future]).toBeCloseTo(christmas, 6);
  });

  it('recovers regressor coefficients and uses future regressor values', () => {
    const count = 500;
    const timestamps = dailyTimestamps('2022-01-01', count);
    const priceNoise = gaussianNoise(count, 2, 14);
    const noise = gaussianNoise(count, 1, 15);
    const price = priceNoise.map((value) => 10 + value);
    const promotion = timestamps.map((_, index) => (index % 9 === 0 ? 1 : 0));
    const values = timestamps.map(
      (timestamp, index) =>
        300 +
        0.1 * index -
        2 * (price[index] ?? 0) +
        15 * (promotion[index] ?? 0) +
        5 * Math.sin((tau * dayNumber(timestamp)) / 7) +
        (noise[index] ?? 0),
    );
    const model = fitDecomposable(timestamps, values, {
      regressors: [
        { name: 'price', values: price },
        { name: 'promotion', values: promotion },
      ],
    });
    expect(model.regressorCoefficients.price).toBeGreaterThan(-2.1);
    expect(model.regressorCoefficients.price).toBeLessThan(-1.9);
    expect(model.regressorCoefficients.promotion).toBeGreaterThan(14.5);
    expect(model.regressorCoefficients.promotion).toBeLessThan(15.5);
    const base = model.forecast(7, [95], {
      regressors: { price: Array(7).fill(10), promotion: Array(7).fill(0) },
    });
    const cheaper = model.forecast(7, [95], {
      regressors: { price: Array(7).fill(9), promotion: Array(7).fill(0) },
    });
    cheaper.mean.forEach((value, step) => {
      expect(value - (base.mean[step] ?? 0)).toBeCloseTo(-(model.regressorCoefficients.price ?? 0), 9);
    });
  });

  it('saturates logistic growth below the capacity', () => {
    const timestamps = dailyTimestamps('2021-01-01', 600);
    const noise = gaussianNoise(600, 5, 16);
    const values = timestamps.map(
      (_, index) => 1000 / (1 + Math.exp(-(index - 300) / 60)) + (noise[index] ?? 0),
    );
    const model = fitDecomposable(timestamps, values, {
      growth: 'logistic',
      cap: 1000,
      weeklySeasonality: false,
    });
    const { mean } = model.forecast(730, [95]);
    for (const value of mean) expect(value).toBeLessThan(1000);
    expect(mean[729]).toBeGreaterThan(990);
    for (let step = 1; step < mean.length; step += 1)
      expect(mean[step]).toBeGreaterThanOrEqual(mean[step - 1] ?? 0);
    const residualSd = Math.sqrt(
      model.residuals.reduce<number>((total, value) => total + (value ?? 0) ** 2, 0) / 600,
    );
    expect(residualSd).toBeLessThan(5.5);
  });

  it('recovers a multiplicative yearly amplitude as a fraction of the trend', () => {
    const timestamps = dailyTimestamps('2019-06-01', 3 * 365);
    const noise = gaussianNoise(timestamps.length, 1, 17);
    const values = timestamps.map(
      (timestamp, index) =>
        (100 + 0.2 * index) * (1 + 0.2 * Math.sin((tau * dayNumber(timestamp)) / 365.25)) +
        (noise[index] ?? 0),
    );
    const model = fitDecomposable(timestamps, values, {
      seasonalityMode: 'multiplicative',
      weeklySeasonality: false,
    });
    expect(model.parameters['beta[yearly_sin1]']).toBeGreaterThan(0.19);
    expect(model.parameters['beta[yearly_sin1]']).toBeLessThan(0.21);
    const yearly = model.components().seasonalities.find((series) => series.name === 'yearly');
    expect(yearly?.mode).toBe('multiplicative');
    expect(Math.max(...(yearly?.values ?? []))).toBeCloseTo(0.2, 1);
  });

  it('recovers user events with a window and a custom seasonality', () => {
    const timestamps = dailyTimestamps('2022-01-01', 400);
    const noise = gaussianNoise(400, 1, 18);
    const launches = ['2022-02-10', '2022-05-20', '2022-09-01', '2022-12-12'];
    const launchDays = new Set(launches.map((date) => Date.parse(`${date}T00:00:00Z`)));
    const values = timestamps.map((timestamp, index) => {
      const effect = launchDays.has(timestamp) ? 20 : launchDays.has(timestamp - millisecondsPerDay) ? 8 : 0;
      return 80 + 6 * Math.cos((tau * dayNumber(timestamp)) / 30) + effect + (noise[index] ?? 0);
    });
    const model = fitDecomposable(timestamps, values, {
      weeklySeasonality: false,
      seasonalities: [{ name: 'monthly', periodDays: 30, fourierOrder: 2 }],
      events: [{ name: 'launch', dates: [...launches, '2023-03-01'], upperWindow: 1 }],
    });
    expect(coefficient(model, 'launch')).toBeGreaterThan(18);
    expect(coefficient(model, 'launch')).toBeLessThan(22);
    expect(coefficient(model, 'launch+1')).toBeGreaterThan(6);
    expect(coefficient(model, 'launch+1')).toBeLessThan(10);
    expect(coefficient(model, 'monthly_cos1')).toBeCloseTo(6, 0);
    const components = model.components({ horizon: 60 });
    const launch = components.holidays.find((series) => series.name === 'launch');
    const march = components.timestamps.indexOf(Date.parse('2023-03-01T00:00:00Z'));
    expect(launch?.values[march]).toBeCloseTo(coefficient(model, 'launch'), 6);
  });
});

describe('fitDecomposable: intervals', () => {
  it('covers 90–99% of future values with 95% intervals over many simulated series', () => {
    let inside = 0;
    let total = 0;
    for (let draw = 0; draw < 60; draw += 1) {
      const timestamps = dailyTimestamps('2022-01-01', 395);
      const noise = gaussianNoise(395, 2, 1000 + draw);
      const values = timestamps.map(
        (timestamp, index) =>
          40 + 0.05 * index + 3 * Math.sin((tau * dayNumber(timestamp)) / 7) + (noise[index] ?? 0),
      );
      const model = fitDecomposable(timestamps.slice(0, 365), values.slice(0, 365), {
        uncertaintySamples: 400,
        seed: draw,
      });
      const interval = model.forecast(30, [95]).intervals[0];
      for (let step = 0; step < 30; step += 1) {
        const actual = values[365 + step] ?? 0;
        if (actual >= (interval?.lower[step] ?? 0) && actual <= (interval?.upper[step] ?? 0)) inside += 1;
        total += 1;
      }
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(coverage).toBeLessThanOrEqual(0.99);
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const timestamps = dailyTimestamps('2023-01-01', 120);
    const values = gaussianNoise(120, 1, 19).map((value, index) => 10 + 0.1 * index + value);
    const first = fitDecomposable(timestamps, values, { seed: 5 }).forecast(14, [80, 95]);
    const second = fitDecomposable(timestamps, values, { seed: 5 }).forecast(14, [80, 95]);
    const other = fitDecomposable(timestamps, values, { seed: 6 }).forecast(14, [80, 95]);
    expect(second).toEqual(first);
    expect(other.intervals[1]?.upper).not.toEqual(first.intervals[1]?.upper);
  });
});

describe('fitDecomposable: timestamps and errors', () => {
  it('continues monthly data on calendar months', () => {
    const timestamps = Array.from({ length: 36 }, (_, index) => Date.UTC(2020, index, 1));
    const values = timestamps.map((_, index) => 100 + index + 10 * Math.sin((tau * index) / 12));
    const model = fitDecomposable(timestamps, values);
    const { timestamps: future } = model.forecast(3, [95]);
    expect(future).toEqual([Date.UTC(2023, 0, 1), Date.UTC(2023, 1, 1), Date.UTC(2023, 2, 1)]);
  });

  it('uses future timestamps and a step when given', () => {
    const timestamps = dailyTimestamps('2023-01-01', 30);
    const values = timestamps.map((_, index) => index);
    const stepped = fitDecomposable(timestamps, values, { stepMs: 2 * millisecondsPerDay }).forecast(2, [95]);
    const last = timestamps[29] ?? 0;
    expect(stepped.timestamps).toEqual([last + 2 * millisecondsPerDay, last + 4 * millisecondsPerDay]);
    const explicit = fitDecomposable(timestamps, values).forecast(2, [95], {
      timestamps: [last + 5, last + 9, last + 99],
    });
    expect(explicit.timestamps).toEqual([last + 5, last + 9]);
  });

  it('rejects bad input with typed errors', () => {
    const timestamps = dailyTimestamps('2023-01-01', 20);
    const values = timestamps.map((_, index) => index);
    expect(errorCode(() => fitDecomposable(timestamps, values.slice(1)))).toBe('invalid_input');
    expect(errorCode(() => fitDecomposable(timestamps, [...values.slice(1), Number.NaN]))).toBe(
      'invalid_input',
    );
    expect(errorCode(() => fitDecomposable([...timestamps].reverse(), values))).toBe('invalid_input');
    expect(errorCode(() => fitDecomposable(timestamps.slice(0, 1), values.slice(0, 1)))).toBe(
      'insufficient_data',
    );
    expect(errorCode(() => fitDecomposable([], []))).toBe('insufficient_data');
    expect(errorCode(() => fitDecomposable(timestamps, values, { growth: 'logistic' }))).toBe(
      'invalid_input',
    );
    expect(errorCode(() => fitDecomposable(timestamps, values, { cap: 10 }))).toBe('invalid_input');
    expect(errorCode(() => fitDecomposable(timestamps, values, { holidays: { country: 'XX' } }))).toBe(
      'invalid_input',
    );
    expect(
      errorCode(() =>
        fitDecomposable(timestamps, values, { regressors: [{ name: 'flat', values: Array(20).fill(1) }] }),
      ),
    ).toBe('invalid_input');
    expect(errorCode(() => fitDecomposable(timestamps, values, { changepoints: [0] }))).toBe('invalid_input');
    const model = fitDecomposable(timestamps, values, {
      regressors: [{ name: 'price', values: values.map((v) => v % 3) }],
    });
    expect(errorCode(() => model.forecast(3, [95]))).toBe('invalid_input');
    expect(errorCode(() => model.forecast(3, [95], { regressors: { price: [1, 2] } }))).toBe('invalid_input');
    expect(
      errorCode(() => model.forecast(3, [95], { regressors: { price: [1, 2, 3], cost: [1, 2, 3] } })),
    ).toBe('invalid_input');
    expect(errorCode(() => model.forecast(0, [95], { regressors: { price: [1] } }))).toBe('invalid_input');
    expect(errorCode(() => model.forecast(1, [100], { regressors: { price: [1] } }))).toBe('invalid_input');
    expect(errorCode(() => model.forecast(1, [95], { regressors: { price: [1] }, timestamps: [0] }))).toBe(
      'invalid_input',
    );
  });

  it('fits a constant series without NaN', () => {
    const timestamps = dailyTimestamps('2023-01-01', 40);
    const model = fitDecomposable(timestamps, Array(40).fill(7));
    const forecast = model.forecast(5, [80, 95]);
    for (const value of [...forecast.mean, ...(forecast.intervals[1]?.upper ?? [])])
      expect(value).toBeCloseTo(7, 2);
  });
});
