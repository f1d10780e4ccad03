import { timeSeriesSchema } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { addPeriods } from './add-periods.js';
import { regularizeSeries } from './regularize-series.js';

const day = 86_400_000;
const start = Date.UTC(2024, 0, 1);

function daily(values: readonly (number | null)[], skip: readonly number[] = []) {
  const timestamps: number[] = [];
  const kept: (number | null)[] = [];
  values.forEach((value, index) => {
    if (skip.includes(index)) return;
    timestamps.push(start + index * day);
    kept.push(value);
  });
  return timeSeriesSchema.parse({ id: 'shop', timestamps, values: kept });
}

describe('regularizeSeries', () => {
  it('passes a complete series through with its inferred frequency', () => {
    const result = regularizeSeries(daily([1, 2, 3]));
    expect(result).toMatchObject({ values: [1, 2, 3], frequency: 'day', step: 1, filled: 0, warnings: [] });
  });

  it('names the gaps in an invalid_input error under the error policy', () => {
    expect(() => regularizeSeries(daily([1, 2, 3, 4, 5], [2, 3]))).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringContaining('2 between 2024-01-02 and 2024-01-05'),
      }),
    );
  });

  it('interpolates missing timestamps linearly and warns', () => {
    const result = regularizeSeries(daily([1, 2, 3, 4, 5], [2, 3]), { gapPolicy: 'interpolate' });
    expect(result.values).toEqual([1, 2, 3, 4, 5]);
    expect(result.timestamps).toEqual([0, 1, 2, 3, 4].map((index) => start + index * day));
    expect(result.filled).toBe(2);
    expect(result.warnings[0]).toContain(
      'filled by linear interpolation: 2 between 2024-01-02 and 2024-01-05',
    );
  });

  it('fills null values and gaps with zeros under zero_fill', () => {
    const result = regularizeSeries(daily([4, null, 6, 7, 8], [3]), { gapPolicy: 'zero_fill' });
    expect(result.values).toEqual([4, 0, 6, 0, 8]);
    expect(result.timestamps).toHaveLength(5);
    expect(result.warnings[0]).toContain('filled with zeros');
  });

  it('drops leading and trailing missing values when interpolating', () => {
    const result = regularizeSeries(daily([null, 2, null, 4, null]), { gapPolicy: 'interpolate' });
    expect(result.values).toEqual([2, 3, 4]);
    expect(result.warnings.join(' ')).toContain('dropped');
  });

  it('fills a missing month on the first of the month', () => {
    const series = timeSeriesSchema.parse({
      id: 'm',
      timestamps: [Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 3, 1)],
      values: [1, 2, 4],
    });
    const result = regularizeSeries(series, { gapPolicy: 'interpolate' });
    expect(result.timestamps[2]).toBe(Date.UTC(2024, 2, 1));
    expect(result.values).toEqual([1, 2, 3, 4]);
  });

  it('reports insufficient_data when no value is observed', () => {
    expect(() => regularizeSeries(daily([null, null]), { gapPolicy: 'interpolate' })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });
});

describe('addPeriods', () => {
  it('keeps the day of the month, clamped to the month end', () => {
    expect(addPeriods(Date.UTC(2024, 0, 31), 'month', 1, 'UTC', 1)).toBe(Date.UTC(2024, 1, 29));
    expect(addPeriods(Date.UTC(2024, 0, 1), 'quarter', 1, 'UTC', 2)).toBe(Date.UTC(2024, 6, 1));
  });

  it('moves local days across a daylight-saving change keeping the wall time', () => {
    const midnight = Date.UTC(2024, 2, 30, 23);
    expect(addPeriods(midnight, 'day', 1, 'Europe/Berlin', 1)).toBe(Date.UTC(2024, 2, 31, 22));
  });

  it('adds fixed lengths for hours and indices for periods', () => {
    expect(addPeriods(0, 'hour', 2, 'UTC', 3)).toBe(6 * 3_600_000);
    expect(addPeriods(7, 'period', 1, 'UTC', 5)).toBe(12);
  });
});
