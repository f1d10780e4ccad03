import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import type { TimeSeries } from '../model/series.js';
import { generateDemoBusiness } from './generate-demo-business.js';
import { toWideCsv } from './to-wide-csv.js';

function series(overrides: Partial<TimeSeries>): TimeSeries {
  return {
    id: 'a',
    frequency: 'day',
    timeZone: 'UTC',
    timestamps: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)],
    values: [1, 2],
    ...overrides,
  };
}

function errorOf(run: () => unknown): DyocenseError {
  try {
    run();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a DyocenseError');
}

describe('toWideCsv', () => {
  it('writes one column per demo series and one row per day', () => {
    const demo = generateDemoBusiness({ shops: 1, days: 5 });
    const lines = toWideCsv(demo).trim().split('\n');
    expect(lines[0]).toBe(['ds', ...demo.series.map((entry) => entry.id)].join(','));
    expect(lines).toHaveLength(6);
    expect(lines[1]?.split(',').slice(0, 2)).toEqual(['2023-01-01', String(demo.series[0]?.values[0])]);
  });

  it('aligns series on the union of their timestamps, leaving gaps empty', () => {
    const csv = toWideCsv({
      series: [
        series({ id: 'a' }),
        series({ id: 'b', timestamps: [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)], values: [null, 7] }),
      ],
    });
    expect(csv).toBe('ds,a,b\n2024-01-01,1,\n2024-01-02,2,\n2024-01-03,,7\n');
  });

  it('rejects series in different time zones as invalid_input', () => {
    const error = errorOf(() =>
      toWideCsv({ series: [series({}), series({ id: 'b', timeZone: 'Europe/Paris' })] }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ id: 'b' });
  });

  it('rejects two series with the same id as invalid_input', () => {
    expect(errorOf(() => toWideCsv({ series: [series({}), series({})] })).code).toBe('invalid_input');
  });

  it('writes only the ds header for no series', () => {
    expect(toWideCsv({ series: [] })).toBe('ds\n');
  });
});
