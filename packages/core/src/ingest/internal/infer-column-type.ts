import type { ColumnType } from '../column-type.js';
import { dayMonthEvidence, parseDateText } from './parse-date.js';
import type { RawCell } from './raw-record.js';

const booleanWords = new Set(['true', 'false', 'yes', 'no']);

/** Reads `true`/`false`/`yes`/`no` (any case); `undefined` otherwise. */
export function parseBooleanText(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (!booleanWords.has(lower)) return undefined;
  return lower === 'true' || lower === 'yes';
}

/** Day/month evidence seen in a column: the first line proving each order. */
export interface OrderEvidenceLines {
  dmy: { line: number; text: string } | undefined;
  mdy: { line: number; text: string } | undefined;
  /** At least one value reads differently day-first and month-first. */
  ambiguous: boolean;
  /** The first such value. */
  ambiguousExample: string | undefined;
}

/** Running counts for one column while sampling. */
export class ColumnSampler {
  numeric = 0;
  integers = 0;
  dates = 0;
  datesWithTime = 0;
  booleans = 0;
  present = 0;
  /** Smallest numeric value seen (Infinity before any). */
  minNumeric = Number.POSITIVE_INFINITY;
  readonly evidence: OrderEvidenceLines = {
    dmy: undefined,
    mdy: undefined,
    ambiguous: false,
    ambiguousExample: undefined,
  };

  constructor(private readonly parseNumber: (text: string) => number | undefined) {}

  /** Adds one non-missing cell. */
  add(cell: Exclude<RawCell, null>, line: number): void {
    this.present++;
    if (typeof cell === 'number') {
      this.#addNumber(cell);
      return;
    }
    if (typeof cell === 'boolean') {
      this.booleans++;
      return;
    }
    if (cell instanceof Date) {
      this.dates++;
      if (cell.getTime() % 86_400_000 !== 0) this.datesWithTime++;
      return;
    }
    const number = this.parseNumber(cell);
    if (number !== undefined) {
      this.#addNumber(number);
      return;
    }
    const evidence = dayMonthEvidence(cell);
    if (evidence !== undefined) this.addEvidence(evidence, cell, line);
    const parts = parseDateText(
      cell,
      this.evidence.mdy !== undefined && this.evidence.dmy === undefined ? 'mdy' : 'dmy',
    );
    if (parts !== undefined || evidence !== undefined) {
      this.dates++;
      if (parts?.hasTime === true) this.datesWithTime++;
      return;
    }
    if (parseBooleanText(cell) !== undefined) this.booleans++;
  }

  #addNumber(value: number): void {
    this.numeric++;
    if (Number.isInteger(value)) this.integers++;
    if (value < this.minNumeric) this.minNumeric = value;
  }

  /** Records what a slash date says about the day/month order. */
  addEvidence(evidence: ReturnType<typeof dayMonthEvidence>, text: string, line: number): void {
    if (evidence === 'dmy') this.evidence.dmy ??= { line, text };
    else if (evidence === 'mdy') this.evidence.mdy ??= { line, text };
    else if (evidence === 'either') {
      this.evidence.ambiguous = true;
      this.evidence.ambiguousExample ??= text.trim();
    }
  }

  /** The majority type: numeric, then date, then boolean, when more than half the present values agree. */
  type(): ColumnType {
    if (this.present === 0) return 'empty';
    const half = this.present / 2;
    if (this.numeric > half) return this.integers === this.numeric ? 'integer' : 'number';
    if (this.dates > half) return this.datesWithTime > 0 ? 'datetime' : 'date';
    if (this.booleans > half) return 'boolean';
    return 'string';
  }

  /** True when dates like `03/04/2024` were seen but nothing decided their order. */
  orderUndecided(): boolean {
    return this.evidence.ambiguous && this.evidence.dmy === undefined && this.evidence.mdy === undefined;
  }
}
