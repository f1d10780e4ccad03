export type { ColumnType, TableColumn } from './column-type.js';
export { detectLayout, type LongLayout, type TableLayout, type WideLayout } from './detect-layout.js';
export {
  type ColumnRole,
  type IngestedColumn,
  type IngestResult,
  ingest,
  ingestTable,
  type RejectedRow,
} from './ingest.js';
export { ingestFile, openTableFile, profileFile } from './ingest-file.js';
export {
  type ColumnMapping,
  columnMappingSchema,
  type IngestLimits,
  type IngestOptions,
  ingestLimitsSchema,
  ingestOptionsSchema,
  type ResolvedIngestOptions,
} from './ingest-options.js';
export { openTable, type Table, type TimeKind } from './open-table.js';
export {
  type ProfileGap,
  type ProfileIssue,
  type ProfileOutlier,
  type ProfileTime,
  profileIngestResult,
  profileTable,
  type SeriesProfile,
  type SummaryStatistics,
  type TableProfile,
} from './profile-table.js';
export type { Delimiter, IngestSource, TextEncoding } from './source-format.js';
export type { TableRow, TableValue } from './table-row.js';
