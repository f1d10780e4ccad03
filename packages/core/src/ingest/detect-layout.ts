import { DyocenseError } from '../errors/index.js';
import type { TableColumn } from './column-type.js';
import type { ColumnMapping } from './ingest-options.js';

/** Column roles of a long table (`unique_id,ds,y` plus exogenous columns); indices are 0-based. */
export interface LongLayout {
  readonly kind: 'long';
  /** Series id column; absent when the whole table is one series. */
  readonly id: number | undefined;
  readonly time: number;
  readonly value: number;
  readonly exogenous: readonly number[];
}

/** Column roles of a wide table: one time column and one column per series. */
export interface WideLayout {
  readonly kind: 'wide';
  readonly time: number;
  readonly series: readonly number[];
}

/** Where each role lives in a table. */
export type TableLayout = LongLayout | WideLayout;

const timeNames = ['ds', 'date', 'datetime', 'timestamp', 'time', 'period', 'month', 'week', 'day'];
const valueNames = ['y', 'value'];

function fail(message: string): never {
  throw new DyocenseError({
    code: 'invalid_input',
    message,
    issues: [{ path: ['columns'], message, code: 'layout', line: 1 }],
  });
}

function byName(columns: readonly TableColumn[], name: string, option: string): number {
  const found = columns.find((column) => column.name === name);
  if (found === undefined) {
    fail(
      `Column "${name}" (${option}) is not in the header: ${columns.map((column) => column.name).join(', ')}`,
    );
  }
  return found.index;
}

function byNames(
  columns: readonly TableColumn[],
  names: readonly string[],
  taken: ReadonlySet<number>,
): number | undefined {
  for (const name of names) {
    const found = columns.find((column) => column.name.toLowerCase() === name && !taken.has(column.index));
    if (found !== undefined) return found.index;
  }
  return undefined;
}

const isNumeric = (column: TableColumn): boolean => column.type === 'integer' || column.type === 'number';

/**
 * Assigns column roles. The rule, in order:
 * 1. Time column: `mapping.time`; else the first header named (any case) `ds`, `date`, `datetime`,
 *    `timestamp`, `time`, `period`, `month`, `week` or `day`; else the first date or datetime column.
 * 2. Layout: `requested` when not `auto`. Otherwise long when `mapping.id` or `mapping.value` is given, a
 *    `unique_id` column exists, or another column holds text; else wide.
 * 3. Long: id is `mapping.id`, else `unique_id`, else the first text column (none: a single series); value
 *    is `mapping.value`, else `y`, else `value`, else the first numeric column; exogenous columns are
 *    `mapping.exogenous`, else all the others.
 * 4. Wide: every column but the time column is a series.
 *
 * @throws DyocenseError `invalid_input` when a role cannot be filled or a mapped name is not in the header.
 */
export function detectLayout(
  columns: readonly TableColumn[],
  requested: 'auto' | 'long' | 'wide',
  mapping: ColumnMapping = {},
): TableLayout {
  const taken = new Set<number>();
  let time: number | undefined;
  if (mapping.time !== undefined) time = byName(columns, mapping.time, 'columns.time');
  else {
    time =
      byNames(columns, timeNames, taken) ??
      columns.find((column) => column.type === 'date' || column.type === 'datetime')?.index;
  }
  if (time === undefined) {
    fail('Could not find the time column: name it "ds" or pass the columns.time option');
  }
  taken.add(time);
  const timeIndex = time;
  const explicitId = mapping.id === undefined ? undefined : byName(columns, mapping.id, 'columns.id');
  const namedId = byNames(columns, ['unique_id'], taken);
  const firstText = columns.find((column) => column.type === 'string' && column.index !== timeIndex)?.index;
  const long =
    requested === 'long' ||
    (requested === 'auto' &&
      (mapping.id !== undefined ||
        mapping.value !== undefined ||
        namedId !== undefined ||
        firstText !== undefined));
  if (!long) {
    return {
      kind: 'wide',
      time: timeIndex,
      series: columns.map((column) => column.index).filter((index) => index !== timeIndex),
    };
  }
  const id = explicitId ?? namedId ?? firstText;
  if (id !== undefined) {
    if (id === timeIndex) fail('The id column and the time column must differ');
    taken.add(id);
  }
  const value =
    mapping.value !== undefined
      ? byName(columns, mapping.value, 'columns.value')
      : (byNames(columns, valueNames, taken) ??
        columns.find((column) => isNumeric(column) && !taken.has(column.index))?.index);
  if (value === undefined) {
    fail('Could not find the value column: name it "y" or pass the columns.value option');
  }
  if (taken.has(value)) fail('The value column must differ from the id and time columns');
  taken.add(value);
  const exogenous =
    mapping.exogenous !== undefined
      ? mapping.exogenous.map((name) => byName(columns, name, 'columns.exogenous'))
      : columns.map((column) => column.index).filter((index) => !taken.has(index));
  for (const index of exogenous) {
    if (taken.has(index)) fail('An exogenous column cannot also be the id, time or value column');
  }
  return { kind: 'long', id, time: timeIndex, value, exogenous };
}
