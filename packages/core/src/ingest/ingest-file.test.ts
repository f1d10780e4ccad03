import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, openTableFile, profileFile } from './ingest-file.js';
import { rejectionOf } from './internal/test-helpers.js';

describe('file helpers', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dyocense-ingest-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('ingests a CSV file from disk', async () => {
    const path = join(directory, 'sales.csv');
    await writeFile(path, 'unique_id,ds,y\nshop,2024-01-01,3\nshop,2024-01-02,4\n');
    const result = await ingestFile(path);
    expect(result.series.map((series) => [series.id, series.values])).toEqual([['shop', [3, 4]]]);
    const table = await openTableFile(path);
    expect(table.delimiter).toBe(',');
  });

  it('profiles an .xlsx file from disk', async () => {
    const path = join(directory, 'sales.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRows([
      ['ds', 'revenue'],
      [new Date(Date.UTC(2024, 0, 1)), 5],
      [new Date(Date.UTC(2024, 1, 1)), 6],
    ]);
    await workbook.xlsx.writeFile(path);
    const profile = await profileFile(path);
    expect(profile.format).toBe('xlsx');
    expect(profile.series.map((series) => [series.id, series.frequency, series.start, series.end])).toEqual([
      ['revenue', 'month', '2024-01-01', '2024-02-01'],
    ]);
  });

  it('reports a missing file as not_found', async () => {
    const error = await rejectionOf(ingestFile(join(directory, 'nope.csv')));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(`No such file: ${join(directory, 'nope.csv')}`);
  });
});
