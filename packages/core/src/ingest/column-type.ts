/**
 * Type of a table column. `date` holds calendar dates (midnight), `datetime` also times of day, `empty`
 * only missing values.
 */
export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string' | 'empty';

/** A column of a table: header name, 0-based position among the table's columns, and type. */
export interface TableColumn {
  readonly name: string;
  /** 0-based position; issue `column` numbers are this plus one (plus any leading blank sheet columns). */
  readonly index: number;
  readonly type: ColumnType;
}
