import type { ErrorIssue } from '../errors/index.js';

/**
 * A typed cell: numbers for numeric columns and for dates (epoch milliseconds) and period indices,
 * strings for ids and text, booleans, `null` for missing.
 */
export type TableValue = number | string | boolean | null;

/** One data row of a table, typed by column. */
export interface TableRow {
  /** 1-based physical line (CSV; the header is line 1) or sheet row number (Excel) where the row starts. */
  readonly line: number;
  /** One value per table column; empty when the row has the wrong number of fields. */
  readonly values: readonly TableValue[];
  /** Why the row is invalid; empty for a good row. */
  readonly issues: readonly ErrorIssue[];
}
