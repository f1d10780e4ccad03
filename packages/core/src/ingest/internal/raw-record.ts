/** One cell as a reader delivers it: CSV gives strings, Excel also numbers, booleans and dates. */
export type RawCell = string | number | boolean | Date | null;

/** One non-empty physical record of a table. */
export interface RawRecord {
  /** 1-based physical line (CSV) or sheet row number (Excel) where the record starts. */
  readonly line: number;
  readonly cells: readonly RawCell[];
}
