import { z } from 'zod';
import { isTimeZone } from '../time/time-zone.js';

const mebibyte = 1024 * 1024;

/** Caps that keep a hostile or accidental file from exhausting memory. Sizes are in bytes. */
export const ingestLimitsSchema = z.object({
  /** Largest .xlsx file read into memory. Default 100 MiB. */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(100 * mebibyte),
  /** Total uncompressed size of all entries of an .xlsx (zip) file. Default 512 MiB. */
  maxUncompressedBytes: z
    .number()
    .int()
    .positive()
    .default(512 * mebibyte),
  /** Uncompressed size of any single .xlsx entry. Default 256 MiB. */
  maxEntryBytes: z
    .number()
    .int()
    .positive()
    .default(256 * mebibyte),
  /** Entries in an .xlsx file. Default 10,000. */
  maxEntries: z.number().int().positive().default(10_000),
  /**
   * Largest inflated-to-compressed size ratio of an .xlsx entry past its first MiB. Default 100 (Apache POI's
   * zip-bomb threshold); spreadsheet XML measures 5-20.
   */
  maxCompressionRatio: z.number().positive().default(100),
  /** Rows of a sheet (Excel's own maximum by default: 1,048,576). */
  maxRows: z.number().int().positive().default(1_048_576),
  /** Columns of a table (CSV or Excel). Default 1,000. */
  maxColumns: z.number().int().positive().default(1_000),
  /** Longest CSV record in characters, a guard against an unclosed quote. Default 1 MiB. */
  maxRecordChars: z.number().int().positive().default(mebibyte),
});

/** Which columns play which role; names as written in the header. */
export const columnMappingSchema = z.object({
  /** Series identifier column (`unique_id` in the long layout). */
  id: z.string().min(1).optional(),
  /** Time column (`ds`). */
  time: z.string().min(1).optional(),
  /** Value column (`y`) of the long layout. */
  value: z.string().min(1).optional(),
  /** Exogenous columns of the long layout; by default every other column. */
  exogenous: z.array(z.string().min(1)).optional(),
});

/**
 * Options for reading a table. Every field is optional; the defaults detect the format, encoding,
 * delimiter, decimal mark, layout and date order from the data.
 */
export const ingestOptionsSchema = z.object({
  /** `auto` reads a zip signature (`PK\x03\x04`) as .xlsx and anything else as CSV. */
  format: z.enum(['auto', 'csv', 'xlsx']).default('auto'),
  /** CSV text encoding. `auto`: UTF-16 when a UTF-16 byte-order mark is present, else UTF-8. */
  encoding: z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'latin1', 'windows-1252']).default('auto'),
  /** CSV field delimiter; `auto` picks among `,` `;` tab `|` from the first lines. */
  delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
  /** Decimal mark; `auto` is `,` when the delimiter is `;` and `.` otherwise. */
  decimal: z.enum(['auto', '.', ',']).default('auto'),
  /** Thousands separator; `auto` accepts `,` with a `.` decimal mark, and `.` or a space with a `,` mark. */
  thousands: z.enum(['auto', 'none', ',', '.', ' ', "'"]).default('auto'),
  /** Table layout; `auto` follows the rule documented on `detectLayout`. */
  layout: z.enum(['auto', 'long', 'wide']).default('auto'),
  /** Column roles by header name (e.g. `{ id: 'store', time: 'date', value: 'sales' }`). */
  columns: columnMappingSchema.optional(),
  /** Series id when the long layout has no id column; the value column's name by default. */
  seriesId: z.string().min(1).optional(),
  /**
   * Order of `01/02/2024`-style dates. `auto` decides from the data (a first field above 12 means day-first,
   * a second field above 12 month-first) and fails when every such date could be read both ways.
   * `excel-serial` also reads numbers in the time column as Excel serial days. ISO 8601 is always accepted.
   */
  dateFormat: z.enum(['auto', 'dmy', 'mdy', 'excel-serial']).default('auto'),
  /** IANA zone for date-times written without an offset. */
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Paris' })
    .default('UTC'),
  /** Cell texts read as missing, compared case-insensitively after trimming. */
  missingValues: z.array(z.string()).default(['', 'NA', 'N/A', 'null', '-', 'NaN']),
  /** `reject` (default) fails the whole file on any bad row; `skip` keeps the good rows and reports the rest. */
  onInvalidRow: z.enum(['reject', 'skip']).default('reject'),
  /** Excel sheet by name or 0-based position; the first sheet by default. */
  sheet: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
  /** Rows read before column types are fixed (more are read while the day/month order is undecided). */
  sampleRows: z.number().int().positive().default(1_000),
  /** Issues listed in a thrown error (the total is always counted). */
  maxIssues: z.number().int().positive().default(100),
  /** Rejected rows kept in a `skip`-mode result (the total is always counted). */
  maxRejected: z.number().int().nonnegative().default(1_000),
  limits: ingestLimitsSchema.prefault({}),
});

/** Options accepted by the ingestion functions (see {@link ingestOptionsSchema}). */
export type IngestOptions = z.input<typeof ingestOptionsSchema>;
/** {@link IngestOptions} with every default applied. */
export type ResolvedIngestOptions = z.output<typeof ingestOptionsSchema>;
/** Column roles by header name. */
export type ColumnMapping = z.output<typeof columnMappingSchema>;
/** The caps of {@link ingestLimitsSchema}. */
export type IngestLimits = z.output<typeof ingestLimitsSchema>;
