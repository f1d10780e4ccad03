import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingest } from './ingest.js';
import { rejectionOf } from './internal/test-helpers.js';

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const salesRows: [string, Date, number, number][] = [
  ['north', new Date(Date.UTC(2024, 0, 2)), 12.5, 1],
  ['north', new Date(Date.UTC(2024, 0, 1)), 10, 0],
  ['south', new Date(Date.UTC(2024, 0, 1)), 7, 1],
];

describe('ingest: xlsx', () => {
  it('round-trips a workbook written by exceljs, choosing the sheet by name', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Notes').addRow(['nothing here']);
      const sheet = workbook.addWorksheet('Sales');
      sheet.addRow(['unique_id', 'ds', 'y', 'promo']);
      for (const row of salesRows) sheet.addRow(row);
    });
    const result = await ingest(bytes, { sheet: 'Sales' });
    expect(result.format).toBe('xlsx');
    expect(result.sheet).toBe('Sales');
    expect(result.series).toEqual([
      {
        id: 'north',
        metric: 'y',
        timeZone: 'UTC',
        timestamps: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)],
        values: [10, 12.5],
      },
      { id: 'south', metric: 'y', timeZone: 'UTC', timestamps: [Date.UTC(2024, 0, 1)], values: [7] },
    ]);
    expect(result.exogenous.promo?.map((series) => series.values)).toEqual([[0, 1], [1]]);
    expect(result.columns.map((column) => column.type)).toEqual(['string', 'date', 'number', 'integer']);
  });

  it('chooses a sheet by 0-based position', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('First').addRows([
        ['ds', 'y'],
        [new Date(Date.UTC(2024, 0, 1)), 1],
      ]);
      workbook.addWorksheet('Second').addRows([
        ['ds', 'y'],
        [new Date(Date.UTC(2025, 0, 1)), 2],
      ]);
    });
    const result = await ingest(bytes, { sheet: 1 });
    expect(result.sheet).toBe('Second');
    expect(result.series[0]?.timestamps).toEqual([Date.UTC(2025, 0, 1)]);
  });

  it('reads a workbook whose worksheets come before workbook.xml in the archive', async () => {
    const written = await workbookBytes((workbook) => {
      workbook.addWorksheet('First').addRows([
        ['ds', 'y'],
        ['2024-01-01', 1],
      ]);
      workbook.addWorksheet('Second').addRows([
        ['ds', 'y'],
        ['2025-01-01', 2],
      ]);
    });
    // The zip format allows any entry order, and exceljs itself writes the shared strings before or after the
    // worksheets depending on timing, with the workbook part last. Its streaming reader then reads a worksheet
    // as soon as the relationships and shared strings are known, before the workbook part names the sheets.
    const files = unzipSync(written);
    const rank = (entry: string) =>
      entry === 'xl/sharedStrings.xml' || entry === 'xl/_rels/workbook.xml.rels'
        ? 0
        : entry === 'xl/workbook.xml'
          ? 2
          : 1;
    const sheetsFirst: Record<string, Uint8Array> = {};
    for (const name of Object.keys(files).sort((left, right) => rank(left) - rank(right))) {
      sheetsFirst[name] = files[name] as Uint8Array;
    }
    expect(Object.keys(sheetsFirst).at(-1)).toBe('xl/workbook.xml');
    const result = await ingest(zipSync(sheetsFirst), { sheet: 1 });
    expect(result.sheet).toBe('Second');
    expect(result.series[0]?.values).toEqual([2]);
    expect((await ingest(zipSync(sheetsFirst), { sheet: 'First' })).series[0]?.values).toEqual([1]);
  });

  it('reads Excel serial numbers in the time column as dates in the timeZone option', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Data').addRows([
        ['ds', 'y'],
        [45292, 1],
        [45293.5, 2],
      ]);
    });
    const result = await ingest(bytes, { timeZone: 'America/New_York' });
    expect(result.series[0]?.timestamps).toEqual([Date.UTC(2024, 0, 1, 5), Date.UTC(2024, 0, 2, 17)]);
    expect(result.columns[0]?.type).toBe('datetime');
  });

  it('reports bad cells with the sheet row and column', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Data').addRows([
        ['unique_id', 'ds', 'y'],
        ['a', '2024-01-01', 1],
        ['a', '2024-01-02', 2],
        ['a', '2024-01-03', 'n/a?'],
      ]);
    });
    const error = await rejectionOf(ingest(bytes));
    expect(error.message).toBe('line 4, column 3: "n/a?" is not a number');
  });

  it('fails with the sheet list when the named sheet does not exist', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Only').addRow(['ds', 'y']);
    });
    expect((await rejectionOf(ingest(bytes, { sheet: 'Missing' }))).message).toBe(
      'The workbook has no sheet "Missing" (sheets: Only)',
    );
  });

  it('enforces the row and column caps', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Data');
      sheet.addRow(['ds', 'y']);
      for (let index = 0; index < 10; index++) sheet.addRow([new Date(Date.UTC(2024, 0, index + 1)), index]);
    });
    expect((await rejectionOf(ingest(bytes, { limits: { maxRows: 5 } }))).message).toBe(
      'Rejected the Excel file: the sheet has more than 5 rows (limits.maxRows)',
    );
    expect((await rejectionOf(ingest(bytes, { limits: { maxColumns: 1 } }))).message).toBe(
      'Rejected the Excel file: row 1 has 2 columns, above the 1-column limit (limits.maxColumns)',
    );
  });

  it('rejects a zip bomb before exceljs sees it', async () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(3_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(5_000);
    const error = await rejectionOf(ingest(bomb, { limits: { maxEntryBytes: 1_000_000 } }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Rejected the Excel file: entry "xl/worksheets/sheet1.xml" declares 3000000 uncompressed bytes, above the 1000000-byte limit (limits.maxEntryBytes)',
    );
  });

  it('rejects a zip that is not a workbook', async () => {
    const notWorkbook = zipSync({ 'hello.txt': new TextEncoder().encode('hi') });
    expect((await rejectionOf(ingest(notWorkbook))).message).toBe('The workbook has no a first sheet');
  });
});
