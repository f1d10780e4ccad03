import { describe, expect, it } from 'vitest';
import {
  buildDesign,
  describeFeatures,
  type FeatureSpecification,
  firstFeatureIndex,
  staticFeatures,
} from './build-features.js';

const specification: FeatureSpecification = {
  lags: [1, 3],
  rollingWindows: [1, 4],
  dayOfWeek: true,
  month: false,
  hourOfDay: false,
  exogenousNames: ['promo'],
  timeZone: 'UTC',
};
const day = 86_400_000;
const start = Date.UTC(2024, 0, 1);

function design(series: readonly number[]) {
  const staticRows = series.map((_, index) =>
    staticFeatures(start + index * day, [index % 2], specification),
  );
  return buildDesign(series, staticRows, specification);
}

describe('buildDesign', () => {
  it('names lags, rolling means and standard deviations, weekdays and exogenous regressors in column order', () => {
    expect(describeFeatures(specification).map((feature) => feature.name)).toEqual([
      'lag_1',
      'lag_3',
      'rolling_mean_1',
      'rolling_mean_4',
      'rolling_sd_4',
      'day_tuesday',
      'day_wednesday',
      'day_thursday',
      'day_friday',
      'day_saturday',
      'day_sunday',
      'exogenous_promo',
    ]);
  });

  it('starts at the largest lag or window and describes each row with earlier values only', () => {
    const series = [3, 1, 4, 1, 5, 9, 2, 6];
    const { columns, target, firstIndex, rowCount } = design(series);
    expect(firstIndex).toBe(firstFeatureIndex(specification));
    expect(firstIndex).toBe(4);
    expect(rowCount).toBe(4);
    // Row 0 predicts series[4] = 5 from series[0..3] = 3, 1, 4, 1.
    expect(target[0]).toBe(5);
    expect(columns[0]?.[0]).toBe(1);
    expect(columns[1]?.[0]).toBe(1);
    expect(columns[2]?.[0]).toBe(1);
    expect(columns[3]?.[0]).toBeCloseTo(2.25, 12);
    expect(columns[4]?.[0]).toBeCloseTo(Math.sqrt((0.75 ** 2 + 1.25 ** 2 + 1.75 ** 2 + 1.25 ** 2) / 3), 12);
  });

  it('leaves every feature of rows up to t unchanged when the value at t and later change', () => {
    const series = Array.from({ length: 30 }, (_, index) => Math.sin(index) * 10);
    const original = design(series);
    for (let changedAt = 4; changedAt < 30; changedAt++) {
      const changed = series.map((value, index) => (index >= changedAt ? value + 1000 : value));
      const altered = design(changed);
      const lastUnaffectedRow = changedAt - original.firstIndex;
      for (const [column, values] of original.columns.entries()) {
        expect(Array.from(altered.columns[column]?.slice(0, lastUnaffectedRow + 1) ?? [])).toEqual(
          Array.from(values.slice(0, lastUnaffectedRow + 1)),
        );
      }
    }
  });

  it('marks the weekday with Monday as the reference level', () => {
    const monday = staticFeatures(Date.UTC(2024, 0, 1), [], specification);
    const sunday = staticFeatures(Date.UTC(2024, 0, 7), [], specification);
    expect(Array.from(monday)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(sunday)).toEqual([0, 0, 0, 0, 0, 1]);
  });
});
