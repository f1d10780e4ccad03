import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/dyocense-error.js';
import { startOfGrain } from '../time/start-of-grain.js';
import type { Aggregation } from './aggregation.js';
import type { Grain } from './frequency.js';
import { resample } from './resample.js';
import type { TimeSeriesInput } from './series.js';

const utc = Date.UTC;
const hour = 3_600_000;
const day = 86_400_000;

function hourly(from: number, toInclusive: number, value: (index: number) => number | null = () => 1) {
  const timestamps: number[] = [];
  for (let instant = from; instant <= toInclusive; instant += hour) timestamps.push(instant);
  return { timestamps, values: timestamps.map((_, index) => value(index)) };
}

function daily(year: number, month: number, firstDay: number, count: number, value: (date: Date) => number) {
  const timestamps = Array.from({ length: count }, (_, index) => utc(year, month, firstDay + index));
  return { timestamps, values: timestamps.map((instant) => value(new Date(instant))) };
}

describe('resample: local days across DST', () => {
  it('sums the 23 hourly points of the Europe/Berlin spring-forward day into one day', () => {
    const series = {
      id: 'orders',
      timeZone: 'Europe/Berlin',
      ...hourly(utc(2024, 2, 29, 23), utc(2024, 3, 1, 21)),
    };
    expect(series.timestamps).toHaveLength(71);
    const result = resample(series, { grain: 'day', aggregation: 'sum' });
    expect(result.timestamps).toEqual([utc(2024, 2, 29, 23), utc(2024, 2, 30, 23), utc(2024, 2, 31, 22)]);
    expect(result.values).toEqual([24, 23, 24]);
  });

  it('sums 25 hourly points on the Europe/Berlin fall-back day', () => {
    const series = { id: 'orders', ...hourly(utc(2024, 9, 26, 22), utc(2024, 9, 27, 22)) };
    const result = resample(series, { grain: 'day', aggregation: 'sum', timeZone: 'Europe/Berlin' });
    expect(result).toEqual({
      id: 'orders',
      frequency: 'day',
      timeZone: 'Europe/Berlin',
      timestamps: [utc(2024, 9, 26, 22)],
      values: [25],
    });
  });

  it('uses the local day in America/New_York, not the UTC day', () => {
    const series = { id: 'visits', ...hourly(utc(2024, 10, 3, 0), utc(2024, 10, 4, 4)) };
    const result = resample(series, { grain: 'day', aggregation: 'count', timeZone: 'America/New_York' });
    expect(result.timestamps).toEqual([utc(2024, 10, 2, 4), utc(2024, 10, 3, 4)]);
    expect(result.values).toEqual([4, 25]);
  });
});

describe('resample: aggregations', () => {
  const quarterOfDays = {
    id: 'revenue',
    metric: 'revenue',
    unit: 'EUR',
    frequency: 'day' as const,
    ...daily(2024, 0, 1, 91, (date) => date.getUTCDate()),
  };

  it('sums, averages and takes the last value of daily data per month', () => {
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'sum' })).toEqual({
      id: 'revenue',
      metric: 'revenue',
      unit: 'EUR',
      frequency: 'month',
      timeZone: 'UTC',
      timestamps: [utc(2024, 0, 1), utc(2024, 1, 1), utc(2024, 2, 1)],
      values: [496, 435, 496],
    });
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'mean' }).values).toEqual([16, 15, 16]);
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'last' }).values).toEqual([31, 29, 31]);
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'first' }).values).toEqual([1, 1, 1]);
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'max' }).values).toEqual([31, 29, 31]);
    expect(resample(quarterOfDays, { grain: 'month', aggregation: 'min' }).values).toEqual([1, 1, 1]);
  });

  it('counts non-null points and drops the unit for count', () => {
    const result = resample(quarterOfDays, { grain: 'quarter', aggregation: 'count' });
    expect(result).toEqual({
      id: 'revenue',
      metric: 'revenue',
      frequency: 'quarter',
      timeZone: 'UTC',
      timestamps: [utc(2024, 0, 1)],
      values: [91],
    });
  });

  it('skips nulls and fills empty buckets between the first and last point with null (count: 0)', () => {
    const series = {
      id: 'sales',
      timestamps: [utc(2024, 0, 1), utc(2024, 0, 2), utc(2024, 0, 5), utc(2024, 0, 5, 12)],
      values: [5, null, 3, null],
    };
    const sums = resample(series, { grain: 'day', aggregation: 'sum' });
    expect(sums.timestamps).toEqual([0, 1, 2, 3, 4].map((offset) => utc(2024, 0, 1) + offset * day));
    expect(sums.values).toEqual([5, null, null, null, 3]);
    expect(resample(series, { grain: 'day', aggregation: 'count' }).values).toEqual([1, 0, 0, 0, 1]);
    expect(resample(series, { grain: 'day', aggregation: 'mean' }).values).toEqual([5, null, null, null, 3]);
  });

  it('sums decimal amounts without drift', () => {
    const series = { id: 'cash', ...daily(2024, 0, 1, 10, () => 0.1) };
    expect(resample(series, { grain: 'month', aggregation: 'sum' }).values).toEqual([1]);
  });
});

describe('resample: weeks, quarters and fiscal years', () => {
  it('groups days into ISO weeks that start on Monday and cross New Year', () => {
    const series = { id: 'units', ...daily(2024, 11, 28, 11, () => 1) };
    const result = resample(series, { grain: 'week', aggregation: 'sum' });
    expect(result.timestamps).toEqual([utc(2024, 11, 23), utc(2024, 11, 30), utc(2025, 0, 6)]);
    expect(result.values).toEqual([2, 7, 2]);
  });

  it('starts weeks on Sunday when asked', () => {
    const series = { id: 'units', ...daily(2024, 11, 28, 11, () => 1) };
    const result = resample(series, { grain: 'week', aggregation: 'sum', weekStartsOn: 7 });
    expect(result.timestamps).toEqual([utc(2024, 11, 22), utc(2024, 11, 29), utc(2025, 0, 5)]);
    expect(result.values).toEqual([1, 7, 3]);
  });

  it('sums months into calendar quarters and into fiscal quarters', () => {
    const timestamps = Array.from({ length: 12 }, (_, month) => utc(2024, month, 1));
    const series = { id: 'revenue', timestamps, values: timestamps.map((_, month) => month + 1) };
    expect(resample(series, { grain: 'quarter', aggregation: 'sum' }).values).toEqual([6, 15, 24, 33]);
    const fiscal = resample(series, { grain: 'quarter', aggregation: 'sum', fiscalYearStartMonth: 2 });
    expect(fiscal.timestamps).toEqual([
      utc(2023, 10, 1),
      utc(2024, 1, 1),
      utc(2024, 4, 1),
      utc(2024, 7, 1),
      utc(2024, 10, 1),
    ]);
    expect(fiscal.values).toEqual([1, 9, 18, 27, 23]);
    expect(resample(series, { grain: 'year', aggregation: 'sum', fiscalYearStartMonth: 7 }).values).toEqual([
      21, 57,
    ]);
  });

  it('returns an empty series for an empty input', () => {
    expect(
      resample({ id: 'empty', timestamps: [], values: [] }, { grain: 'day', aggregation: 'sum' }),
    ).toEqual({
      id: 'empty',
      frequency: 'day',
      timeZone: 'UTC',
      timestamps: [],
      values: [],
    });
  });
});

describe('resample: invalid input', () => {
  it('rejects an invalid series with its zod issues', () => {
    let caught: unknown;
    try {
      resample({ id: 'x', timestamps: [1, 2], values: [1] }, { grain: 'day', aggregation: 'sum' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'invalid_input',
      message: 'Invalid time series: values: has 1 entries but timestamps has 2',
    });
  });

  it('rejects period series, upsampling and unknown aggregations', () => {
    const attempts = [
      () =>
        resample(
          { id: 'p', frequency: 'period', timestamps: [1, 2], values: [1, 2] },
          { grain: 'day', aggregation: 'sum' },
        ),
      () =>
        resample(
          { id: 'm', frequency: 'month', timestamps: [0], values: [1] },
          { grain: 'day', aggregation: 'sum' },
        ),
      () =>
        resample(
          { id: 'a', timestamps: [0], values: [1] },
          { grain: 'day', aggregation: 'median' as Aggregation },
        ),
    ];
    for (const attempt of attempts)
      expect(attempt).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('rejects a bucket sum that overflows and an output with too many buckets', () => {
    const huge = { id: 'h', timestamps: [0, 1], values: [Number.MAX_VALUE, Number.MAX_VALUE] };
    expect(() => resample(huge, { grain: 'day', aggregation: 'sum' })).toThrowError(
      expect.objectContaining({
        code: 'invalid_input',
        message: 'The sum of the bucket starting 1970-01-01T00:00:00.000Z is too large to represent',
      }),
    );
    expect(resample(huge, { grain: 'day', aggregation: 'mean' }).values).toEqual([Number.MAX_VALUE]);
    const wide = { id: 'w', timestamps: [utc(1900, 0, 1), utc(2100, 0, 1)], values: [1, 2] };
    expect(() => resample(wide, { grain: 'hour', aggregation: 'sum' })).toThrowError(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('1000000 buckets') }),
    );
  });
});

describe('resample: properties', () => {
  const grains: Grain[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
  const aggregations: Aggregation[] = ['sum', 'mean', 'min', 'max', 'first', 'last', 'count'];
  const seriesArbitrary = fc
    .uniqueArray(fc.integer({ min: utc(2023, 5, 1), max: utc(2024, 5, 1) }), { maxLength: 60 })
    .chain((instants) => {
      const timestamps = [...instants].sort((left, right) => left - right);
      return fc.record({
        id: fc.constant('s'),
        timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/Santiago', 'Asia/Kathmandu'),
        timestamps: fc.constant(timestamps),
        values: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), {
          minLength: timestamps.length,
          maxLength: timestamps.length,
        }),
      });
    });

  it('returns finite or null values, one per bucket, or throws a DyocenseError', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        fc.constantFrom(...grains),
        fc.constantFrom(...aggregations),
        (series, grain, aggregation) => {
          try {
            const result = resample(series, { grain, aggregation });
            expect(result.values).toHaveLength(result.timestamps.length);
            expect(result.values.every((value) => value === null || Number.isFinite(value))).toBe(true);
            if (aggregation === 'count') {
              const total = result.values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
              expect(total).toBe(series.values.filter((value) => value !== null).length);
            }
          } catch (error) {
            expect(DyocenseError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts every point in the bucket that startOfGrain gives for it', () => {
    fc.assert(
      fc.property(seriesArbitrary, fc.constantFrom(...grains), (series, grain) => {
        const counts = new Map<number, number>();
        series.timestamps.forEach((instant, index) => {
          if (series.values[index] === null) return;
          const start = startOfGrain(instant, grain, series.timeZone);
          counts.set(start, (counts.get(start) ?? 0) + 1);
        });
        const result = resample(series, { grain, aggregation: 'count' });
        const nonEmpty = new Map<number, number>();
        result.timestamps.forEach((start, index) => {
          const count = result.values[index] ?? 0;
          if (count > 0) nonEmpty.set(start, count);
        });
        expect(nonEmpty).toEqual(counts);
      }),
      { numRuns: 200 },
    );
  });

  it('never crashes on arbitrary input objects', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (series, options) => {
        try {
          resample(series as TimeSeriesInput, options as { grain: Grain; aggregation: Aggregation });
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});
