import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { ingest } from './ingest.js';
import { profileTable } from './profile-table.js';

/** Every number in a JSON-like value is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(allFinite);
  return true;
}

async function resultOrDyocenseError(run: () => Promise<unknown>): Promise<void> {
  try {
    const result = await run();
    expect(allFinite(result)).toBe(true);
  } catch (error) {
    if (!DyocenseError.isInstance(error)) throw error;
    expect(error.code).toBe('invalid_input');
  }
}

const cell = fc.oneof(
  fc.constantFrom(
    '',
    'NA',
    '2024-01-01',
    '13/01/2024',
    '01/02/2024',
    '1.234,5',
    '"a,b"',
    '"x\ny"',
    'a',
    '-',
    '1e308',
    '2024-13',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 6 }),
);
const csvText = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 12 }),
    fc.constantFrom(',', ';', '\t', '|'),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([rows, delimiter, newline]) => rows.map((row) => row.join(delimiter)).join(newline));

describe('ingestion properties', () => {
  it('gives a result or a DyocenseError for any CSV-like text, never a crash or NaN', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        fc.constantFrom('reject', 'skip') as fc.Arbitrary<'reject' | 'skip'>,
        async (text, mode) => {
          await resultOrDyocenseError(() => ingest(`ds,y,id\n${text}`, { onInvalidRow: mode }));
          await resultOrDyocenseError(() => profileTable(text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives a result or a DyocenseError for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await resultOrDyocenseError(() => ingest(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('gives a result or a DyocenseError for arbitrary bytes read as xlsx, including zip containers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('raw', 'zipped') as fc.Arbitrary<'raw' | 'zipped'>,
        async (bytes, shape) => {
          const input =
            shape === 'raw'
              ? bytes
              : zipSync({
                  '[Content_Types].xml': bytes,
                  'xl/workbook.xml': bytes,
                  'xl/worksheets/sheet1.xml': bytes,
                });
          await resultOrDyocenseError(() => ingest(input, { format: 'xlsx' }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives a result or a DyocenseError for workbooks with arbitrary cell values', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.date({
        min: new Date(Date.UTC(1950, 0, 1)),
        max: new Date(Date.UTC(2100, 0, 1)),
        noInvalidDate: true,
      }),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { maxLength: 4 }), { maxLength: 6 }), async (rows) => {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('Data');
        sheet.addRow(['ds', 'y', 'id']);
        for (const row of rows) sheet.addRow(row);
        const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
        await resultOrDyocenseError(() => ingest(bytes, { onInvalidRow: 'skip' }));
      }),
      { numRuns: 25 },
    );
  });
});
