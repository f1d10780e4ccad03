import { compatibleInstantAt } from '../../time/internal/resolve-wall.js';
import { memoizedOffsetOf } from '../../time/internal/zone-offset.js';
import type { TableValue } from '../table-row.js';
import { parseBooleanText } from './infer-column-type.js';
import { type DayMonthOrder, excelSerialToLocalMs, parseDateText } from './parse-date.js';
import type { RawCell } from './raw-record.js';

/** Why a cell was rejected. */
export class CellFailure {
  constructor(
    readonly code: 'invalid_number' | 'invalid_date' | 'invalid_boolean' | 'missing_value',
    readonly message: string,
  ) {}
}

/** Converts one raw cell to its typed value, or explains why it cannot. */
export type CellConverter = (cell: RawCell) => TableValue | CellFailure;

/** Shared inputs of the converters. */
export interface ConverterContext {
  readonly isMissing: (cell: RawCell) => boolean;
  readonly parseNumber: (text: string) => number | undefined;
  readonly timeZone: string;
}

function show(cell: RawCell): string {
  if (cell instanceof Date)
    return JSON.stringify(Number.isNaN(cell.getTime()) ? 'Invalid Date' : cell.toISOString());
  return JSON.stringify(String(cell));
}

/** Builds the predicate for missing cells from the `missingValues` option. */
export function createMissingTest(missingValues: readonly string[]): (cell: RawCell) => boolean {
  const missing = new Set(missingValues.map((value) => value.trim().toLowerCase()));
  const longest = Math.max(0, ...[...missing].map((value) => value.length));
  const emptyIsMissing = missing.has('');
  return (cell) => {
    if (cell === null) return true;
    if (typeof cell !== 'string') return false;
    if (cell.length === 0) return emptyIsMissing;
    if (cell.length > longest + 8) return false;
    return missing.has(cell.trim().toLowerCase());
  };
}

/** Text cells (ids, labels). `required` makes a missing cell a failure. */
export function textConverter(context: ConverterContext, required: string | undefined): CellConverter {
  return (cell) => {
    if (context.isMissing(cell))
      return required === undefined ? null : new CellFailure('missing_value', required);
    if (typeof cell === 'string') return cell.trim();
    if (cell instanceof Date) return cell.toISOString();
    return String(cell);
  };
}

/** Numeric cells; booleans and dates are rejected. */
export function numberConverter(context: ConverterContext): CellConverter {
  return (cell) => {
    if (context.isMissing(cell)) return null;
    if (typeof cell === 'number') return cell;
    if (typeof cell === 'string') {
      const value = context.parseNumber(cell);
      if (value !== undefined) return value;
    }
    return new CellFailure('invalid_number', `${show(cell)} is not a number`);
  };
}

/** Boolean cells (`true`/`false`/`yes`/`no`). */
export function booleanConverter(context: ConverterContext): CellConverter {
  return (cell) => {
    if (context.isMissing(cell)) return null;
    if (typeof cell === 'boolean') return cell;
    if (typeof cell === 'string') {
      const value = parseBooleanText(cell);
      if (value !== undefined) return value;
    }
    return new CellFailure('invalid_boolean', `${show(cell)} is not true or false`);
  };
}

/** Options of {@link instantConverter}. */
export interface InstantOptions {
  readonly order: DayMonthOrder;
  /** Read numbers as Excel serial days. */
  readonly serials: boolean;
  /** Message for a missing cell; `undefined` lets it be `null`. */
  readonly required: string | undefined;
}

/**
 * Date and date-time cells to epoch milliseconds; local times are wall times in `context.timeZone` (a repeated
 * time is the earlier instant, a skipped one is read with the offset before the jump: see `compatibleInstantAt`).
 */
export function instantConverter(context: ConverterContext, options: InstantOptions): CellConverter {
  const orderName = options.order === 'dmy' ? 'dd/mm/yyyy' : 'mm/dd/yyyy';
  const offsetOf = memoizedOffsetOf(context.timeZone);
  const localToInstant = (local: number): number => compatibleInstantAt(local, offsetOf);
  const fromSerial = (serial: number): number | CellFailure => {
    const local = excelSerialToLocalMs(serial);
    return local === undefined
      ? new CellFailure('invalid_date', `${serial} is not an Excel date serial`)
      : localToInstant(local);
  };
  return (cell) => {
    if (context.isMissing(cell)) {
      return options.required === undefined ? null : new CellFailure('missing_value', options.required);
    }
    if (cell instanceof Date) {
      const local = cell.getTime();
      if (Number.isNaN(local)) return new CellFailure('invalid_date', 'the cell holds an invalid date');
      return localToInstant(local);
    }
    if (typeof cell === 'number') {
      return options.serials ? fromSerial(cell) : new CellFailure('invalid_date', `${cell} is not a date`);
    }
    if (typeof cell === 'string') {
      const parts = parseDateText(cell, options.order);
      if (parts !== undefined) {
        return parts.offsetMinutes === undefined
          ? localToInstant(parts.localMs)
          : parts.localMs - parts.offsetMinutes * 60_000;
      }
      if (options.serials) {
        const serial = context.parseNumber(cell);
        if (serial !== undefined) return fromSerial(serial);
      }
      if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}/.test(cell.trim())) {
        return new CellFailure(
          'invalid_date',
          `${show(cell)} is not a valid date (reading dates as ${orderName})`,
        );
      }
    }
    return new CellFailure('invalid_date', `${show(cell)} is not a date`);
  };
}

/** Integer period indices (`ds` = 1, 2, 3, ...). */
export function periodConverter(context: ConverterContext, required: string): CellConverter {
  return (cell) => {
    if (context.isMissing(cell)) return new CellFailure('missing_value', required);
    const value =
      typeof cell === 'number' ? cell : typeof cell === 'string' ? context.parseNumber(cell) : undefined;
    if (value !== undefined && Number.isSafeInteger(value)) return value;
    return new CellFailure('invalid_date', `${show(cell)} is not an integer period index`);
  };
}
