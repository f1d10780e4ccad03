import { describe, expect, it } from 'vitest';
import { getCountryHolidays } from '../holidays/get-country-holidays.js';
import {
  dailyTimestamps,
  gaussianNoise,
  hourlyTimestamps,
  twoCycleLoad,
} from './__fixtures__/simulated-series.js';
import { fit as fitSeries } from './fit.js';

const months = (count: number): number[] =>
  Array.from({ length: count }, (_, index) => Date.UTC(2015, index, 1));

describe('components()', () => {
  it('exposes ETS states that reproduce the one-step fits', () => {
    // A random-walk level, so the smoothing weights are far from 0 and the states move.
    const steps = gaussianNoise(72, 3, 21);
    let walk = 100;
    const values = steps.map((shock, index) => {
      walk += shock;
      return walk + 0.8 * index + 12 * Math.sin((2 * Math.PI * index) / 12);
    });
    const model = fitSeries({ id: 'ets', timestamps: months(72), values }, { horizon: 6, model: 'ets' });
    const components = model.components();
    const [, , trendType, seasonType] = /ETS\((\w),(\w+),(\w)\)/.exec(model.diagnostics().method) ?? [];
    const phi = model.diagnostics().parameters.phi ?? 1;
    const level = components.trend as readonly number[];
    const slope = components.slope ?? [];
    const season = components.seasonal[0]?.values ?? [];
    expect(components.scale).toBe('data');
    expect(level).toHaveLength(72);
    let checked = 0;
    for (let t = 13; t < 72; t++) {
      const q = (level[t - 1] as number) + (trendType === 'N' ? 0 : phi * (slope[t - 1] as number));
      const s = season[t - 12] as number;
      const expected = seasonType === 'N' ? q : seasonType === 'A' ? q + s : q * s;
      expect(components.fitted[t]).toBeCloseTo(expected, 8);
      checked++;
    }
    expect(checked).toBe(59);
  });

  it('exposes the MSTL trend and one seasonal component per period with the simulated amplitudes', () => {
    const length = 24 * 7 * 6;
    const model = fitSeries(
      { id: 'load', timestamps: hourlyTimestamps(length), values: twoCycleLoad(length) },
      { horizon: 24, model: 'mstl' },
    );
    const components = model.components();
    expect(components.seasonal.map((component) => component.name)).toEqual(['seasonal_24', 'seasonal_168']);
    const amplitude = (values: readonly number[]): number =>
      (Math.max(...values.slice(-168)) - Math.min(...values.slice(-168))) / 2;
    // The truth: 20·sin(2πt/24) and 30·cos(2πt/168), noise sd 3.
    expect(amplitude(components.seasonal[0]?.values ?? [])).toBeGreaterThan(17);
    expect(amplitude(components.seasonal[0]?.values ?? [])).toBeLessThan(23);
    expect(amplitude(components.seasonal[1]?.values ?? [])).toBeGreaterThan(26);
    expect(amplitude(components.seasonal[1]?.values ?? [])).toBeLessThan(34);
    const trend = components.trend as readonly number[];
    expect(trend.slice(168, -168).every((value) => Math.abs(value - 200) < 4)).toBe(true);
  });

  it('reports the Prophet-style holiday effect and the trend changepoint', () => {
    // Two years of daily data: slope +0.5/day until 2023-01-01, then −0.3/day; +60 on GB holidays.
    const timestamps = dailyTimestamps('2022-01-01', 730);
    const holidays = new Set(getCountryHolidays('GB', 2022, 2023).map((holiday) => holiday.date));
    const noise = gaussianNoise(730, 2, 8);
    const values = timestamps.map((timestamp, index) => {
      const trend = index < 365 ? 100 + 0.5 * index : 100 + 0.5 * 365 - 0.3 * (index - 365);
      const holiday = holidays.has(new Date(timestamp).toISOString().slice(0, 10)) ? 60 : 0;
      return trend + holiday + (noise[index] as number);
    });
    const model = fitSeries(
      { id: 'shop', timestamps, values },
      { horizon: 7, model: 'prophet', prophet: { holidays: { country: 'GB' } } },
    );
    const components = model.components();
    const christmas = components.effects.find((effect) => effect.name === 'Christmas Day');
    const index = components.timestamps.indexOf('2022-12-25');
    expect(christmas?.kind).toBe('holiday');
    expect(christmas?.values[index]).toBeGreaterThan(50);
    expect(christmas?.values[index]).toBeLessThan(70);
    // The L1 prior keeps few changepoints; together they turn the slope by about −0.8 per day, near the break.
    const total = components.changepoints.reduce((sum, changepoint) => sum + changepoint.rateChangePerDay, 0);
    expect(total).toBeGreaterThan(-0.9);
    expect(total).toBeLessThan(-0.7);
    const largest = [...components.changepoints].sort(
      (left, right) => left.rateChangePerDay - right.rateChangePerDay,
    )[0];
    const distance = Math.abs(Date.parse(largest?.timestamp ?? '') - Date.UTC(2023, 0, 1)) / 86_400_000;
    expect(distance).toBeLessThan(45);
  });

  it('flags injected spikes as anomalies and nothing far from them', () => {
    const noise = gaussianNoise(96, 2, 13);
    const spikes = [30, 55, 80];
    const values = noise.map(
      (shock, index) =>
        100 + 10 * Math.sin((2 * Math.PI * index) / 12) + shock + (spikes.includes(index) ? 40 : 0),
    );
    const model = fitSeries({ id: 'spiky', timestamps: months(96), values }, { horizon: 6, model: 'ets' });
    const anomalies = model.components().anomalies;
    const flagged = anomalies.map((anomaly) => anomaly.index);
    expect(flagged).toEqual(expect.arrayContaining(spikes));
    expect(flagged.every((index) => spikes.some((spike) => index - spike >= 0 && index - spike <= 1))).toBe(
      true,
    );
    const first = anomalies.find((anomaly) => anomaly.index === 30);
    expect(first?.timestamp).toBe('2017-07-01');
    expect(first?.score).toBeGreaterThan(3.5);
    expect(first?.residual).toBeCloseTo((first?.observed as number) - (first?.fitted as number), 10);
  });

  it('is empty of structure for models without states', () => {
    const values = gaussianNoise(40, 1, 2).map((shock) => 50 + shock);
    const components = fitSeries(
      { id: 'flat', timestamps: months(40), values },
      { horizon: 3, model: 'naive' },
    ).components();
    expect(components.trend).toBeUndefined();
    expect(components.seasonal).toEqual([]);
    expect(components.changepoints).toEqual([]);
  });

  it('marks components of a transformed series as on the transformed scale', () => {
    const values = Array.from({ length: 48 }, (_, index) => 100 * 1.02 ** index);
    const components = fitSeries(
      { id: 'growth', timestamps: months(48), values },
      { horizon: 3, model: 'ets', transform: 'log' },
    ).components();
    expect(components.scale).toBe('transformed');
    expect(components.trend?.[47]).toBeCloseTo(Math.log(100 * 1.02 ** 47), 1);
  });
});
