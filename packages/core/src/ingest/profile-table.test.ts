import { describe, expect, it } from 'vitest';
import { profileTable } from './profile-table.js';

function dailyRows(id: string, values: readonly (number | null)[], skip: readonly number[] = []): string[] {
  return values.flatMap((value, index) =>
    skip.includes(index) ? [] : [`${id},2024-01-${String(index + 1).padStart(2, '0')},${value ?? 'NA'}`],
  );
}

describe('profileTable', () => {
  const values = [10, 11, 9, 12, 8, 10, 100, 10, 11, null];
  const csv = `unique_id,ds,y\n${[...dailyRows('a', values, [3, 4]), 'a,2024-01-02,99', 'b,2024-01-01,x', ...dailyRows('b', [1, 2])].join('\n')}\n`;

  it('describes layout, columns, frequency, gaps, outliers and statistics of each series', async () => {
    const profile = await profileTable(csv);
    expect(profile.layout).toBe('long');
    expect(profile.delimiter).toBe(',');
    expect(profile.rowCount).toBe(12);
    expect(profile.columns.map((column) => [column.name, column.type, column.role])).toEqual([
      ['unique_id', 'string', 'id'],
      ['ds', 'date', 'time'],
      ['y', 'integer', 'value'],
    ]);
    const a = profile.series.find((series) => series.id === 'a');
    expect(a).toEqual({
      id: 'a',
      column: 'y',
      count: 8,
      start: '2024-01-01',
      end: '2024-01-10',
      frequency: 'day',
      step: 1,
      frequencyConfidence: 6 / 7,
      irregular: false,
      gapCount: 1,
      missingObservations: 2,
      gaps: [{ after: '2024-01-03', before: '2024-01-06', missing: 2 }],
      outlierCount: 1,
      outliers: [{ at: '2024-01-07', value: 100, score: expect.closeTo(0.6745 * 90, 9) }],
      statistics: {
        count: 7,
        missing: 1,
        mean: 23,
        sd: expect.closeTo(
          Math.sqrt((13 ** 2 + 12 ** 2 + 14 ** 2 + 13 ** 2 + 77 ** 2 + 13 ** 2 + 12 ** 2) / 6),
          9,
        ),
        min: 9,
        q1: 10,
        median: 10,
        q3: 11,
        max: 100,
      },
    });
  });

  it('counts duplicates and invalid rows instead of failing', async () => {
    const profile = await profileTable(csv);
    expect(profile.duplicates).toEqual({
      count: 1,
      examples: [
        {
          line: 10,
          column: 2,
          code: 'duplicate_key',
          message: 'duplicate key (unique_id "a", ds 2024-01-02) already on line 3',
        },
      ],
    });
    expect(profile.invalidRows).toEqual({
      count: 1,
      examples: [{ line: 11, column: 3, code: 'invalid_number', message: '"x" is not a number' }],
    });
  });

  it('produces JSON without non-finite numbers', async () => {
    const profile = await profileTable('ds,y\n2024-01-01,5\n');
    const text = JSON.stringify(profile);
    expect(JSON.parse(text)).toEqual(profile);
    expect(profile.series[0]).toMatchObject({
      frequency: null,
      step: null,
      count: 1,
      statistics: { sd: null },
    });
  });
});
