import { DyocenseError, type ErrorIssue } from '../errors/index.js';
import type { TimeSeries } from '../model/index.js';
import type { ColumnType } from './column-type.js';
import type { IngestOptions } from './ingest-options.js';
import { GrowableFloat64Array, GrowableInt32Array } from './internal/growable-array.js';
import { openTable, type Table } from './open-table.js';
import type { Delimiter, IngestSource, TextEncoding } from './source-format.js';
import type { TableValue } from './table-row.js';

/** Role a column plays in the ingested table. */
export type ColumnRole = 'id' | 'time' | 'value' | 'exogenous' | 'series' | 'ignored';

/** A column of the ingested table with its final type and the count of missing cells in accepted rows. */
export interface IngestedColumn {
  readonly name: string;
  /** 0-based position among the table's columns. */
  readonly index: number;
  readonly type: ColumnType;
  readonly role: ColumnRole;
  readonly missing: number;
}

/** A row left out in `skip` mode, with every reason. */
export interface RejectedRow {
  readonly line: number;
  readonly issues: readonly ErrorIssue[];
}

/** What {@link ingest} returns. Every number is finite; the object is JSON-serialisable. */
export interface IngestResult {
  readonly format: 'csv' | 'xlsx';
  readonly encoding: TextEncoding | undefined;
  readonly delimiter: Delimiter | undefined;
  readonly decimal: '.' | ',';
  readonly sheet: string | undefined;
  readonly layout: 'long' | 'wide';
  readonly columns: readonly IngestedColumn[];
  /**
   * One series per `unique_id` (long) or per value column (wide), sorted by id, each sorted by time.
   * Long: `id` is the unique id and `metric` the value column's name. Wide: `id` is the column name.
   * `frequency` is `period` when the time column held integer period indices and unset otherwise.
   */
  readonly series: readonly TimeSeries[];
  /**
   * Long layout only: numeric and boolean (as 0/1) exogenous columns, keyed by column name, each holding
   * one series per unique id with the same ids and timestamps as `series` and `metric` set to the column
   * name. Text and date exogenous columns are listed in `columns` but not here.
   */
  readonly exogenous: Readonly<Record<string, readonly TimeSeries[]>>;
  /** Data rows read (excluding the header and blank lines), accepted or not. */
  readonly rowCount: number;
  /** Rejected rows in file order (`skip` mode), at most `maxRejected`. */
  readonly rejected: readonly RejectedRow[];
  readonly rejectedCount: number;
  readonly warnings: readonly string[];
}

interface SeriesBuilder {
  readonly id: string;
  readonly timestamps: GrowableFloat64Array;
  readonly lines: GrowableInt32Array;
  /** One array per stored column (NaN marks a missing value). */
  readonly columns: GrowableFloat64Array[];
}

function createBuilder(id: string, columnCount: number): SeriesBuilder {
  return {
    id,
    timestamps: new GrowableFloat64Array(),
    lines: new GrowableInt32Array(),
    columns: Array.from({ length: columnCount }, () => new GrowableFloat64Array()),
  };
}

function toStored(value: TableValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

function describeTime(timestamp: number, table: Table): string {
  if (table.timeKind === 'period') return String(timestamp);
  const iso = new Date(timestamp).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function sortedOrder(builder: SeriesBuilder): Uint32Array {
  const timestamps = builder.timestamps.view();
  const lines = builder.lines.view();
  const order = new Uint32Array(timestamps.length);
  let sorted = true;
  for (let index = 0; index < order.length; index++) {
    order[index] = index;
    if (index > 0 && (timestamps[index] as number) < (timestamps[index - 1] as number)) sorted = false;
  }
  if (!sorted) {
    order.sort((left, right) => {
      const difference = (timestamps[left] as number) - (timestamps[right] as number);
      return difference !== 0 ? difference : (lines[left] as number) - (lines[right] as number);
    });
  }
  return order;
}

function formatIssue(issue: ErrorIssue): string {
  const where =
    issue.line === undefined
      ? ''
      : issue.column === undefined
        ? `line ${issue.line}: `
        : `line ${issue.line}, column ${issue.column}: `;
  return `${where}${issue.message}`;
}

/**
 * Reads a CSV or .xlsx table into time series. Detection (format, encoding, delimiter, decimal mark,
 * layout, column types, day/month order) is described on the options; memory is bounded by the series
 * data itself (typed arrays per series), never by row objects.
 *
 * By default the file is accepted whole or not at all. With `onInvalidRow: 'skip'` good rows are kept and
 * rejected ones are returned in `rejected`. Duplicate (id, time) keys are errors that name the later line
 * and the line it repeats; in `skip` mode the first occurrence is kept.
 *
 * @throws DyocenseError `invalid_input` listing up to `maxIssues` issues (each with `line`, `column` and a
 * `code` such as `invalid_number`, `invalid_date`, `missing_value`, `wrong_column_count`, `duplicate_key`)
 * and their total in `details.issueCount`; the message names the first, e.g.
 * `line 7, column 3: "12,x" is not a number`.
 * @example
 * const result = await ingest(createReadStream('sales.csv'), { timeZone: 'Europe/Paris' });
 * for (const series of result.series) console.log(series.id, series.values.length);
 */
export async function ingest(source: IngestSource, options: IngestOptions = {}): Promise<IngestResult> {
  return ingestTable(await openTable(source, options));
}

/** Builds series from an already opened {@link Table} (see {@link ingest}). */
export async function ingestTable(table: Table): Promise<IngestResult> {
  const { layout, options } = table;
  const skip = options.onInvalidRow === 'skip';
  const warnings = [...table.warnings];
  const isStoredType = (type: ColumnType): boolean =>
    type === 'integer' || type === 'number' || type === 'boolean' || type === 'empty';
  const storedColumns =
    layout.kind === 'long'
      ? [
          layout.value,
          ...layout.exogenous.filter((index) => isStoredType(table.columns[index]?.type ?? 'string')),
        ]
      : [...layout.series];
  if (layout.kind === 'long') {
    for (const index of layout.exogenous) {
      const column = table.columns[index];
      if (column !== undefined && !isStoredType(column.type)) {
        warnings.push(
          `Column "${column.name}" holds ${column.type} values; it is not returned as an exogenous series`,
        );
      }
    }
  }
  const builders = new Map<string, SeriesBuilder>();
  const singleId =
    layout.kind === 'long' && layout.id === undefined
      ? (options.seriesId ?? table.columns[layout.value]?.name ?? 'y')
      : '';
  const width = table.columns.length;
  const missing = new Float64Array(width);
  const fractional = new Uint8Array(width);
  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  const rowIssues: ErrorIssue[] = [];
  let issueCount = 0;
  let rowCount = 0;

  const reject = (line: number, issues: readonly ErrorIssue[]): void => {
    rejectedCount++;
    issueCount += issues.length;
    if (skip) {
      if (rejected.length < options.maxRejected) rejected.push({ line, issues });
    } else {
      for (const issue of issues) if (rowIssues.length < options.maxIssues) rowIssues.push(issue);
    }
  };

  for await (const row of table.rows()) {
    rowCount++;
    if (row.issues.length > 0) {
      reject(row.line, row.issues);
      continue;
    }
    const values = row.values;
    for (let column = 0; column < width; column++) {
      const value = values[column];
      if (value === null) missing[column] = (missing[column] as number) + 1;
      else if (typeof value === 'number' && !Number.isInteger(value)) fractional[column] = 1;
    }
    const id = layout.kind === 'long' && layout.id !== undefined ? String(values[layout.id]) : singleId;
    let builder = builders.get(id);
    if (builder === undefined) {
      builder = createBuilder(id, storedColumns.length);
      builders.set(id, builder);
    }
    builder.timestamps.push(values[layout.time] as number);
    builder.lines.push(row.line);
    for (let index = 0; index < storedColumns.length; index++) {
      builder.columns[index]?.push(toStored(values[storedColumns[index] as number] ?? null));
    }
  }

  const timeColumnNumber = table.columnOffset + layout.time + 1;
  const idName =
    layout.kind === 'long' && layout.id !== undefined ? table.columns[layout.id]?.name : undefined;
  const duplicateIssues: ErrorIssue[] = [];
  const duplicateRows: RejectedRow[] = [];
  const finished: { builder: SeriesBuilder; order: Uint32Array; keep: Uint8Array }[] = [];
  for (const builder of builders.values()) {
    const order = sortedOrder(builder);
    const keep = new Uint8Array(order.length).fill(1);
    const timestamps = builder.timestamps.view();
    const lines = builder.lines.view();
    for (let position = 1; position < order.length; position++) {
      const current = order[position] as number;
      const previous = order[position - 1] as number;
      if (timestamps[current] !== timestamps[previous]) continue;
      keep[position] = 0;
      let first = position - 1;
      while (first > 0 && timestamps[order[first - 1] as number] === timestamps[current]) first--;
      const firstLine = lines[order[first] as number] as number;
      const key = `${idName === undefined ? '' : `${idName} "${builder.id}", `}${table.columns[layout.time]?.name ?? 'ds'} ${describeTime(timestamps[current] as number, table)}`;
      const issue: ErrorIssue = {
        path: [],
        message: `duplicate key (${key}) already on line ${firstLine}`,
        code: 'duplicate_key',
        line: lines[current] as number,
        column: timeColumnNumber,
      };
      duplicateIssues.push(issue);
      duplicateRows.push({ line: issue.line as number, issues: [issue] });
    }
    finished.push({ builder, order, keep });
  }
  const byLine = (left: { line?: number }, right: { line?: number }): number =>
    (left.line ?? 0) - (right.line ?? 0);

  if (!skip && (issueCount > 0 || duplicateIssues.length > 0)) {
    const total = issueCount + duplicateIssues.length;
    const issues = [...rowIssues, ...duplicateIssues].sort(byLine).slice(0, options.maxIssues);
    const first = issues[0] as ErrorIssue;
    const more = total > 1 ? ` (and ${total - 1} more issue${total > 2 ? 's' : ''})` : '';
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${formatIssue(first)}${more}`,
      issues,
      details: { issueCount: total, listedIssueCount: issues.length },
    });
  }

  let allRejected = rejected;
  if (duplicateRows.length > 0) {
    rejectedCount += duplicateRows.length;
    allRejected = [...rejected, ...duplicateRows].sort(byLine).slice(0, options.maxRejected);
  }

  const series: TimeSeries[] = [];
  const exogenous: Record<string, TimeSeries[]> = {};
  const exogenousNames =
    layout.kind === 'long' ? storedColumns.slice(1).map((index) => table.columns[index]?.name ?? '') : [];
  for (const name of exogenousNames) exogenous[name] = [];
  finished.sort((left, right) =>
    left.builder.id < right.builder.id ? -1 : left.builder.id > right.builder.id ? 1 : 0,
  );
  const frequency = table.timeKind === 'period' ? ({ frequency: 'period' } as const) : {};
  for (const { builder, order, keep } of finished) {
    const source = builder.timestamps.view();
    const timestamps: number[] = [];
    for (let position = 0; position < order.length; position++) {
      if (keep[position] === 1) timestamps.push(source[order[position] as number] as number);
    }
    const valuesOf = (columnPosition: number): (number | null)[] => {
      const stored = builder.columns[columnPosition]?.view() ?? new Float64Array(0);
      const values: (number | null)[] = [];
      for (let position = 0; position < order.length; position++) {
        if (keep[position] !== 1) continue;
        const value = stored[order[position] as number] as number;
        values.push(Number.isNaN(value) ? null : value);
      }
      return values;
    };
    if (layout.kind === 'long') {
      series.push({
        id: builder.id,
        metric: table.columns[layout.value]?.name ?? 'y',
        ...frequency,
        timeZone: options.timeZone,
        timestamps,
        values: valuesOf(0),
      });
      exogenousNames.forEach((name, position) => {
        exogenous[name]?.push({
          id: builder.id,
          metric: name,
          ...frequency,
          timeZone: options.timeZone,
          timestamps: [...timestamps],
          values: valuesOf(position + 1),
        });
      });
    } else {
      storedColumns.forEach((index, position) => {
        series.push({
          id: table.columns[index]?.name ?? String(index),
          ...frequency,
          timeZone: options.timeZone,
          timestamps: [...timestamps],
          values: valuesOf(position),
        });
      });
    }
  }
  if (layout.kind === 'wide')
    series.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));

  const roleOf = (index: number): ColumnRole => {
    if (index === layout.time) return 'time';
    if (layout.kind === 'wide') return 'series';
    if (index === layout.id) return 'id';
    if (index === layout.value) return 'value';
    return layout.exogenous.includes(index) ? 'exogenous' : 'ignored';
  };
  const columns = table.columns.map(
    (column): IngestedColumn => ({
      name: column.name,
      index: column.index,
      type: column.type === 'integer' && fractional[column.index] === 1 ? 'number' : column.type,
      role: roleOf(column.index),
      missing: missing[column.index] as number,
    }),
  );
  return {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    decimal: table.decimal,
    sheet: table.sheet,
    layout: layout.kind,
    columns,
    series,
    exogenous,
    rowCount,
    rejected: allRejected,
    rejectedCount,
    warnings,
  };
}
