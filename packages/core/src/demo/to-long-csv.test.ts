import { describe, expect, it } from 'vitest';
import type { TimeSeries } from '../model/series.js';
import { generateDemoBusiness } from './generate-demo-business.js';
import { toLongCsv } from './to-long-csv.js';

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

describe('toLongCsv', () => {
  it('writes unique_id,ds,y with one row per value of the demo data', () => {
    const demo = generateDemoBusiness({ shops: 1, days: 10 });
    const lines = toLongCsv(demo).split('\n');
    expect(lines[0]).toBe('unique_id,ds,y');
    expect(lines[1]).toBe(`shop-1/orders,2023-01-01,${demo.series[0]?.values[0]}`);
    expect(lines).toHaveLength(1 + demo.series.length * 10 + 1);
    expect(lines.at(-1)).toBe('');
  });

  it('writes the local date of each day across a daylight-saving change', () => {
    const demo = generateDemoBusiness({ shops: 1, start: '2024-03-30', days: 4 });
    const dates = toLongCsv({ series: demo.series.slice(0, 1) })
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(dates).toEqual(['2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02']);
  });

  it('leaves y empty for a missing value', () => {
    expect(toLongCsv({ series: [series({ values: [null, 2.5] })] })).toBe(
      'unique_id,ds,y\na,2024-01-01,\na,2024-01-02,2.5\n',
    );
  });

  it('writes period indices as integers and hourly instants in ISO 8601', () => {
    const csv = toLongCsv({
      series: [
        series({ id: 'p', frequency: 'period', timestamps: [1, 2] }),
        series({
          id: 'h',
          frequency: 'hour',
          timestamps: [Date.UTC(2024, 0, 1, 5), Date.UTC(2024, 0, 1, 6)],
        }),
      ],
    });
    expect(csv).toBe(
      'unique_id,ds,y\np,1,1\np,2,2\nh,2024-01-01T05:00:00.000Z,1\nh,2024-01-01T06:00:00.000Z,2\n',
    );
  });

  it('quotes an id that holds a comma or a quote', () => {
    const csv = toLongCsv({ series: [series({ id: 'a,"b"', timestamps: [0], values: [1] })] });
    expect(csv).toBe('unique_id,ds,y\n"a,""b""",1970-01-01,1\n');
  });

  it('writes only the header for no series', () => {
    expect(toLongCsv({ series: [] })).toBe('unique_id,ds,y\n');
  });
});
