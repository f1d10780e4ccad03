import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DyocenseError } from '../../errors/index.js';
import type { RawCell, RawRecord } from './raw-record.js';
import { workbookPartsFirst } from './workbook-parts-first.js';
import { assertSafeZip, type ZipLimits } from './zip-guard.js';

/** Options of {@link openXlsxRecords}. */
export interface XlsxRecordOptions extends ZipLimits {
  /** Sheet name, or 0-based position in the workbook; the first sheet by default. */
  readonly sheet: string | number | undefined;
  readonly maxRows: number;
  readonly maxColumns: number;
}

/** An Excel sheet as a record stream. */
export interface XlsxRecords {
  readonly sheet: string;
  readonly records: AsyncGenerator<RawRecord>;
}

interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  readonly name?: string;
  readonly id?: number | string;
}

interface StreamedWorkbook extends AsyncIterable<StreamedWorksheet> {
  readonly model?: { readonly sheets?: readonly { readonly name: string }[] };
}

function invalid(message: string, cause?: unknown): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message,
    issues: [{ path: [], message, code: 'invalid_xlsx' }],
    ...(cause === undefined ? {} : { cause }),
  });
}

function toRawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') {
    if ('result' in value) return toRawCell(value.result);
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((part: unknown) => String(Reflect.get(Object(part), 'text') ?? '')).join('');
    }
    if ('text' in value) return toRawCell(value.text);
    if ('error' in value) return String(value.error);
    if ('formula' in value || 'sharedFormula' in value) return null;
  }
  return String(value);
}

function sheetMatches(
  worksheet: StreamedWorksheet,
  position: number,
  wanted: string | number | undefined,
  names: readonly string[],
): boolean {
  if (wanted === undefined) return position === 0;
  if (typeof wanted === 'number') {
    const name = worksheet.name;
    const index = name === undefined ? -1 : names.indexOf(name);
    return (index === -1 ? position : index) === wanted;
  }
  return worksheet.name === wanted;
}

/**
 * Checks an .xlsx file against the zip caps, then streams one sheet with exceljs's `WorkbookReader`.
 * Records carry the sheet row number as `line`. Sheets before the chosen one are drained, because the
 * streaming reader delivers them in file order.
 *
 * @throws DyocenseError `invalid_input` for cap violations, a missing sheet, or an unreadable workbook.
 */
export function openXlsxRecords(bytes: Uint8Array, options: XlsxRecordOptions): Promise<XlsxRecords> {
  const source = workbookPartsFirst(bytes, assertSafeZip(bytes, options));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]),
    { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' },
  ) as unknown as StreamedWorkbook;
  const worksheets = reader[Symbol.asyncIterator]();

  return (async () => {
    let position = 0;
    const seen: string[] = [];
    for (;;) {
      let next: IteratorResult<StreamedWorksheet>;
      try {
        next = await worksheets.next();
      } catch (error) {
        throw invalid('The file is not a readable .xlsx workbook', error);
      }
      if (next.done === true) break;
      const worksheet = next.value;
      const names = reader.model?.sheets?.map((sheet) => sheet.name) ?? [];
      seen.push(worksheet.name ?? `#${position}`);
      if (sheetMatches(worksheet, position, options.sheet, names)) {
        return { sheet: worksheet.name ?? `Sheet${position + 1}`, records: rows(worksheet, worksheets) };
      }
      try {
        for await (const _row of worksheet) {
          // Drained: the streaming reader only reaches later sheets after this one is consumed.
        }
      } catch (error) {
        throw invalid('The file is not a readable .xlsx workbook', error);
      }
      position++;
    }
    const wanted = options.sheet === undefined ? 'a first sheet' : `sheet ${JSON.stringify(options.sheet)}`;
    throw invalid(`The workbook has no ${wanted}${seen.length > 0 ? ` (sheets: ${seen.join(', ')})` : ''}`);
  })();

  async function* rows(
    worksheet: StreamedWorksheet,
    rest: AsyncIterator<StreamedWorksheet>,
  ): AsyncGenerator<RawRecord> {
    try {
      for await (const row of worksheet) {
        if (row.number > options.maxRows) {
          throw invalid(
            `Rejected the Excel file: the sheet has more than ${options.maxRows} rows (limits.maxRows)`,
          );
        }
        const values = row.values as unknown[];
        if (values.length - 1 > options.maxColumns) {
          throw invalid(
            `Rejected the Excel file: row ${row.number} has ${values.length - 1} columns, above the ${options.maxColumns}-column limit (limits.maxColumns)`,
          );
        }
        const cells: RawCell[] = [];
        for (let column = 1; column < values.length; column++) cells.push(toRawCell(values[column]));
        yield { line: row.number, cells };
      }
    } catch (error) {
      if (DyocenseError.isInstance(error)) throw error;
      throw invalid('The file is not a readable .xlsx workbook', error);
    } finally {
      await rest.return?.(undefined);
    }
  }
}
