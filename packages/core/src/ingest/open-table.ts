import { DyocenseError, type ErrorIssue, parseInput } from '../errors/index.js';
import type { ColumnType, TableColumn } from './column-type.js';
import { detectLayout, type TableLayout } from './detect-layout.js';
import { type IngestOptions, ingestOptionsSchema, type ResolvedIngestOptions } from './ingest-options.js';
import {
  booleanConverter,
  type CellConverter,
  CellFailure,
  type ConverterContext,
  createMissingTest,
  instantConverter,
  numberConverter,
  periodConverter,
  textConverter,
} from './internal/cell-converters.js';
import { PeekableChunks } from './internal/chunk-source.js';
import { openCsvRecords } from './internal/csv-records.js';
import { ColumnSampler } from './internal/infer-column-type.js';
import { type DayMonthOrder, dayMonthEvidence } from './internal/parse-date.js';
import { createNumberParser } from './internal/parse-number.js';
import type { RawCell, RawRecord } from './internal/raw-record.js';
import { openXlsxRecords } from './internal/xlsx-records.js';
import type { Delimiter, IngestSource, TextEncoding } from './source-format.js';
import type { TableRow, TableValue } from './table-row.js';

/** How the time column is read: instants (epoch milliseconds) or integer period indices. */
export type TimeKind = 'instant' | 'period';

/** An opened table: what was detected, and a single-use stream of typed rows. */
export interface Table {
  readonly format: 'csv' | 'xlsx';
  /** CSV text encoding; `undefined` for Excel. */
  readonly encoding: TextEncoding | undefined;
  /** True when the CSV started with a byte-order mark. */
  readonly bom: boolean;
  /** CSV delimiter; `undefined` for Excel. */
  readonly delimiter: Delimiter | undefined;
  readonly decimal: '.' | ',';
  /** Excel sheet name; `undefined` for CSV. */
  readonly sheet: string | undefined;
  readonly columns: readonly TableColumn[];
  /** Blank sheet columns before the table; issue `column` numbers include them. */
  readonly columnOffset: number;
  readonly layout: TableLayout;
  readonly timeKind: TimeKind;
  /** Day/month order used for the time column's `01/02/2024`-style dates. */
  readonly dateOrder: DayMonthOrder;
  /** The options with defaults applied. */
  readonly options: ResolvedIngestOptions;
  /** Things a user should know about how the table was read. */
  readonly warnings: readonly string[];
  /** The data rows after the header, typed by column. Can be iterated once. */
  rows(): AsyncGenerator<TableRow>;
}

const zipSignature = [0x50, 0x4b, 0x03, 0x04];

function invalidHeader(message: string): never {
  throw new DyocenseError({
    code: 'invalid_input',
    message: `line 1: ${message}`,
    issues: [{ path: ['header'], message, code: 'invalid_header', line: 1 }],
  });
}

function isBlank(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim().length === 0);
}

interface Header {
  readonly names: readonly string[];
  /** Cells before the table (blank leading sheet columns). */
  readonly offset: number;
}

function readHeader(record: RawRecord, maxColumns: number): Header {
  let offset = 0;
  while (offset < record.cells.length && isBlank(record.cells[offset] ?? null)) offset++;
  let end = record.cells.length;
  while (end > offset && isBlank(record.cells[end - 1] ?? null)) end--;
  const cells = record.cells.slice(offset, end);
  if (cells.length > maxColumns)
    invalidHeader(
      `the table has ${cells.length} columns, above the ${maxColumns}-column limit (limits.maxColumns)`,
    );
  const names = cells.map((cell, index) => {
    const name = cell instanceof Date ? cell.toISOString() : String(cell ?? '').trim();
    return name.length === 0 ? `column_${offset + index + 1}` : name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) invalidHeader(`column name "${name}" appears twice`);
    seen.add(name);
  }
  return { names, offset };
}

/**
 * Opens a CSV or .xlsx source: detects format, encoding and delimiter, reads the header, infers column
 * types from the first `sampleRows` rows, assigns column roles, and returns a stream of typed rows. This is
 * the parse-only, row-level API; {@link ingest} builds series from it.
 *
 * Rows are never thrown for: each carries its `issues`. Errors that concern the whole file (unreadable
 * encoding, malformed quotes, zip caps, an undecidable day/month order, no time column) throw.
 *
 * @throws DyocenseError `invalid_input`.
 * @example
 * const table = await openTable(createReadStream('sales.csv'));
 * for await (const row of table.rows()) if (row.issues.length === 0) total += Number(row.values[2]);
 */
export async function openTable(source: IngestSource, options: IngestOptions = {}): Promise<Table> {
  const resolved = parseInput(ingestOptionsSchema, options, 'ingest options');
  const chunks = new PeekableChunks(source);
  let format: 'csv' | 'xlsx' = resolved.format === 'auto' ? 'csv' : resolved.format;
  if (resolved.format === 'auto') {
    const head = await chunks.peekBytes(4);
    if (
      head !== undefined &&
      head.length === 4 &&
      zipSignature.every((byte, index) => head[index] === byte)
    ) {
      format = 'xlsx';
    }
  }
  let encoding: TextEncoding | undefined;
  let delimiter: Delimiter | undefined;
  let sheet: string | undefined;
  let bom = false;
  let records: AsyncGenerator<RawRecord>;
  if (format === 'xlsx') {
    const bytes = await chunks.readAll(resolved.limits.maxFileBytes);
    const workbook = await openXlsxRecords(bytes, { ...resolved.limits, sheet: resolved.sheet });
    sheet = workbook.sheet;
    records = workbook.records;
  } else {
    const csv = await openCsvRecords(chunks, {
      encoding: resolved.encoding,
      delimiter: resolved.delimiter,
      maxRecordChars: resolved.limits.maxRecordChars,
    });
    encoding = csv.encoding;
    delimiter = csv.delimiter;
    bom = csv.bom;
    records = csv.records;
  }
  try {
    return await openRecords(records, resolved, { format, encoding, delimiter, sheet, bom });
  } catch (error) {
    await records.return(undefined);
    throw error;
  }
}

interface SourceFacts {
  readonly format: 'csv' | 'xlsx';
  readonly encoding: TextEncoding | undefined;
  readonly delimiter: Delimiter | undefined;
  readonly sheet: string | undefined;
  readonly bom: boolean;
}

async function openRecords(
  records: AsyncGenerator<RawRecord>,
  options: ResolvedIngestOptions,
  facts: SourceFacts,
): Promise<Table> {
  let headerRecord: RawRecord | undefined;
  for (;;) {
    const next = await records.next();
    if (next.done === true) break;
    if (!next.value.cells.every(isBlank)) {
      headerRecord = next.value;
      break;
    }
  }
  if (headerRecord === undefined) {
    throw new DyocenseError({ code: 'invalid_input', message: 'The file is empty: no header row found' });
  }
  const header = readHeader(headerRecord, options.limits.maxColumns);
  const width = header.names.length;
  const decimal = options.decimal === 'auto' ? (facts.delimiter === ';' ? ',' : '.') : options.decimal;
  const thousands = options.thousands;
  const parseNumber = createNumberParser({ decimal, thousands });
  const isMissing = createMissingTest(options.missingValues);
  const samplers = header.names.map(() => new ColumnSampler(parseNumber));
  const buffered: RawRecord[] = [];
  let exhausted = false;
  const cellAt = (record: RawRecord, column: number): RawCell => record.cells[header.offset + column] ?? null;

  while (buffered.length < options.sampleRows) {
    const next = await records.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    buffered.push(next.value);
    for (let column = 0; column < width; column++) {
      const cell = cellAt(next.value, column);
      if (!isMissing(cell)) samplers[column]?.add(cell as Exclude<RawCell, null>, next.value.line);
    }
  }
  const isDateType = (type: ColumnType): boolean => type === 'date' || type === 'datetime';
  if (options.dateFormat === 'auto') {
    // Keep reading while some date column has only dates that read both ways (e.g. daily data that has
    // not yet reached the 13th): the first unambiguous date decides.
    const undecided = (): number[] =>
      samplers.flatMap((sampler, column) =>
        isDateType(sampler.type()) && sampler.orderUndecided() ? [column] : [],
      );
    let pending = undecided();
    while (pending.length > 0 && !exhausted) {
      const next = await records.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      buffered.push(next.value);
      for (const column of pending) {
        const cell = cellAt(next.value, column);
        if (typeof cell !== 'string') continue;
        samplers[column]?.addEvidence(dayMonthEvidence(cell), cell, next.value.line);
      }
      if (next.value.line % 64 === 0) pending = undecided();
      else pending = pending.filter((column) => samplers[column]?.orderUndecided() === true);
    }
  }

  const warnings: string[] = [];
  const orders: DayMonthOrder[] = samplers.map((sampler, column) => {
    if (options.dateFormat === 'dmy' || options.dateFormat === 'mdy') return options.dateFormat;
    const { dmy, mdy } = sampler.evidence;
    const name = header.names[column] ?? '';
    if (dmy !== undefined) {
      if (isDateType(sampler.type())) {
        warnings.push(`Read column "${name}" as dd/mm/yyyy: line ${dmy.line} has "${dmy.text}"`);
      }
      return 'dmy';
    }
    if (mdy !== undefined) {
      if (isDateType(sampler.type())) {
        warnings.push(`Read column "${name}" as mm/dd/yyyy: line ${mdy.line} has "${mdy.text}"`);
      }
      return 'mdy';
    }
    return 'dmy';
  });

  const inferred: TableColumn[] = header.names.map((name, index) => ({
    name,
    index,
    type: samplers[index]?.type() ?? 'empty',
  }));
  const layout = detectLayout(inferred, options.layout, options.columns);
  const roleColumns = layout.kind === 'long' ? [layout.time, ...layout.exogenous] : [layout.time];
  for (const column of roleColumns) {
    const sampler = samplers[column];
    const type = inferred[column]?.type ?? 'empty';
    if (
      options.dateFormat === 'auto' &&
      sampler !== undefined &&
      isDateType(type) &&
      sampler.orderUndecided()
    ) {
      const example = sampler.evidence.ambiguousExample ?? '';
      const message = `column "${header.names[column]}" has dates such as "${example}" that read both as dd/mm/yyyy and as mm/dd/yyyy; pass the dateFormat option ('dmy' or 'mdy')`;
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Ambiguous dates: ${message}`,
        issues: [
          { path: ['dateFormat'], message, code: 'ambiguous_date', column: header.offset + column + 1 },
        ],
      });
    }
  }

  const context: ConverterContext = { isMissing, parseNumber, timeZone: options.timeZone };
  const timeSampler = samplers[layout.time];
  const timeType = inferred[layout.time]?.type ?? 'empty';
  const numericTime = timeType === 'integer' || timeType === 'number';
  const serialTime =
    options.dateFormat === 'excel-serial' ||
    (facts.format === 'xlsx' && numericTime && (timeSampler?.minNumeric ?? 0) >= 10_000);
  if (timeType === 'number' && !serialTime) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The time column "${header.names[layout.time]}" holds fractional numbers: they are neither dates nor period indices`,
    });
  }
  const timeKind: TimeKind = numericTime && !serialTime ? 'period' : 'instant';
  const columns = inferred.map((column): TableColumn => {
    if (column.index !== layout.time || !serialTime || !numericTime) return column;
    return { ...column, type: column.type === 'integer' ? 'date' : 'datetime' };
  });

  const converters: CellConverter[] = columns.map((column) => {
    const index = column.index;
    if (index === layout.time) {
      return timeKind === 'period'
        ? periodConverter(context, 'the time value is missing')
        : instantConverter(context, {
            order: orders[index] ?? 'dmy',
            serials: serialTime,
            required: 'the time value is missing',
          });
    }
    if (layout.kind === 'long') {
      if (index === layout.id) return textConverter(context, 'the series id is missing');
      if (index === layout.value) return numberConverter(context);
    } else {
      return numberConverter(context);
    }
    switch (column.type) {
      case 'integer':
      case 'number':
        return numberConverter(context);
      case 'boolean':
        return booleanConverter(context);
      case 'date':
      case 'datetime':
        return instantConverter(context, {
          order: orders[index] ?? 'dmy',
          serials: options.dateFormat === 'excel-serial',
          required: undefined,
        });
      default:
        return textConverter(context, undefined);
    }
  });

  const strictWidth = facts.format === 'csv';
  const convert = (record: RawRecord): TableRow | undefined => {
    const cells = record.cells;
    let blank = true;
    for (const cell of cells) {
      if (!isBlank(cell)) {
        blank = false;
        break;
      }
    }
    if (blank) return undefined;
    const available = cells.length - header.offset;
    let extra = false;
    for (let index = header.offset + width; index < cells.length; index++) {
      if (!isBlank(cells[index] ?? null)) {
        extra = true;
        break;
      }
    }
    if (extra || (strictWidth && available < width)) {
      const found = extra ? available : Math.max(0, available);
      const message = `expected ${width} fields, found ${found}`;
      const issue: ErrorIssue = {
        path: [],
        message,
        code: 'wrong_column_count',
        line: record.line,
        column: header.offset + Math.min(found, width) + 1,
      };
      return { line: record.line, values: [], issues: [issue] };
    }
    const values: TableValue[] = new Array(width);
    let issues: ErrorIssue[] | undefined;
    for (let column = 0; column < width; column++) {
      const converted = (converters[column] as CellConverter)(cells[header.offset + column] ?? null);
      if (converted instanceof CellFailure) {
        issues ??= [];
        issues.push({
          path: [header.names[column] ?? column],
          message: converted.message,
          code: converted.code,
          line: record.line,
          column: header.offset + column + 1,
        });
        values[column] = null;
      } else {
        values[column] = converted;
      }
    }
    return { line: record.line, values, issues: issues ?? [] };
  };

  let used = false;
  async function* rows(): AsyncGenerator<TableRow> {
    if (used)
      throw new DyocenseError({ code: 'conflict', message: 'Table.rows() can be iterated only once' });
    used = true;
    try {
      while (buffered.length > 0) {
        const record = buffered.shift() as RawRecord;
        const row = convert(record);
        if (row !== undefined) yield row;
      }
      if (exhausted) return;
      for (;;) {
        const next = await records.next();
        if (next.done === true) return;
        const row = convert(next.value);
        if (row !== undefined) yield row;
      }
    } finally {
      await records.return(undefined);
    }
  }

  return {
    format: facts.format,
    encoding: facts.encoding,
    bom: facts.bom,
    delimiter: facts.delimiter,
    decimal,
    sheet: facts.sheet,
    columns,
    columnOffset: header.offset,
    layout,
    timeKind,
    dateOrder: orders[layout.time] ?? 'dmy',
    options,
    warnings,
    rows,
  };
}
