import { DyocenseError, type ErrorIssue } from '../errors/index.js';
import type { Frequency } from '../model/frequency.js';
import { type FrequencyInference, inferFrequency } from '../model/infer-frequency.js';
import type { TimeSeries } from '../model/series.js';
import { type IngestedColumn, type IngestResult, ingestTable } from './ingest.js';
import type { IngestOptions } from './ingest-options.js';
import { findOutliers, type SummaryStatistics, summarize } from './internal/statistics.js';
import { openTable, type Table, type TimeKind } from './open-table.js';
import type { Delimiter, IngestSource, TextEncoding } from './source-format.js';

export type { SummaryStatistics } from './internal/statistics.js';

/** A time written for people: ISO 8601 (date only at UTC midnight) for instants, the index for periods. */
export type ProfileTime = string | number;

/** A stretch of missing observations between two present ones. */
export interface ProfileGap {
  readonly after: ProfileTime;
  readonly before: ProfileTime;
  readonly missing: number;
}

/** A value whose modified z-score exceeds 3.5. */
export interface ProfileOutlier {
  readonly at: ProfileTime;
  readonly value: number;
  /** Modified z-score (signed). */
  readonly score: number;
}

/** What the profiler found in one series. */
export interface SeriesProfile {
  readonly id: string;
  /** Column the values came from. */
  readonly column: string;
  /** Observations (timestamps), including those with a missing value. */
  readonly count: number;
  readonly start: ProfileTime | null;
  readonly end: ProfileTime | null;
  /** Inferred frequency; `null` below two observations. */
  readonly frequency: Frequency | null;
  /** Units of `frequency` between observations. */
  readonly step: number | null;
  /** Share (0..1) of intervals that are exactly one step. */
  readonly frequencyConfidence: number | null;
  readonly irregular: boolean;
  readonly gapCount: number;
  /** Observations missing inside all gaps together. */
  readonly missingObservations: number;
  /** The first ten gaps. */
  readonly gaps: readonly ProfileGap[];
  readonly outlierCount: number;
  /** The five strongest outliers. */
  readonly outliers: readonly ProfileOutlier[];
  readonly statistics: SummaryStatistics;
}

/** A problem row as the profile lists it. */
export interface ProfileIssue {
  readonly line: number | null;
  readonly column: number | null;
  readonly code: string;
  readonly message: string;
}

/** What `dyocense inspect` prints. JSON-serialisable; every number is finite. */
export interface TableProfile {
  readonly format: 'csv' | 'xlsx';
  readonly encoding: TextEncoding | null;
  readonly bom: boolean;
  readonly delimiter: Delimiter | null;
  readonly decimal: '.' | ',';
  readonly sheet: string | null;
  readonly layout: 'long' | 'wide';
  readonly timeKind: TimeKind;
  readonly timeZone: string;
  readonly rowCount: number;
  readonly columns: readonly IngestedColumn[];
  readonly series: readonly SeriesProfile[];
  /** Long layout: profiles of the numeric exogenous columns, per series. */
  readonly exogenous: readonly SeriesProfile[];
  /** Rows whose (id, time) key repeats an earlier row; examples are the first ten. */
  readonly duplicates: { readonly count: number; readonly examples: readonly ProfileIssue[] };
  /** Rows with invalid values or a wrong field count (duplicates excluded); examples are the first ten. */
  readonly invalidRows: { readonly count: number; readonly examples: readonly ProfileIssue[] };
  readonly warnings: readonly string[];
}

const listed = 10;
const listedOutliers = 5;

function toProfileTime(timestamp: number, kind: TimeKind): ProfileTime {
  if (kind === 'period') return timestamp;
  const iso = new Date(timestamp).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function inferSafely(series: TimeSeries): FrequencyInference | undefined {
  if (series.timestamps.length < 2) return undefined;
  try {
    return inferFrequency(series.timestamps, { timeZone: series.timeZone });
  } catch (error) {
    if (DyocenseError.isInstance(error)) return undefined;
    throw error;
  }
}

/** Profiles one series: frequency, gaps, robust outliers and summary statistics. */
function profileSeries(series: TimeSeries, column: string, kind: TimeKind): SeriesProfile {
  const inference = inferSafely(series);
  const gaps = inference?.gaps ?? [];
  const outliers = findOutliers(series.values);
  const first = series.timestamps[0];
  const last = series.timestamps[series.timestamps.length - 1];
  return {
    id: series.id,
    column,
    count: series.timestamps.length,
    start: first === undefined ? null : toProfileTime(first, kind),
    end: last === undefined ? null : toProfileTime(last, kind),
    frequency: inference?.frequency ?? null,
    step: inference?.step ?? null,
    frequencyConfidence:
      inference === undefined || !Number.isFinite(inference.confidence) ? null : inference.confidence,
    irregular: inference?.irregular ?? false,
    gapCount: gaps.length,
    missingObservations: gaps.reduce((total, gap) => total + gap.missing, 0),
    gaps: gaps.slice(0, listed).map((gap) => ({
      after: toProfileTime(gap.after, kind),
      before: toProfileTime(gap.before, kind),
      missing: gap.missing,
    })),
    outlierCount: outliers.length,
    outliers: outliers.slice(0, listedOutliers).map((outlier) => ({
      at: toProfileTime(series.timestamps[outlier.index] as number, kind),
      value: outlier.value,
      score: outlier.score,
    })),
    statistics: summarize(series.values),
  };
}

function toProfileIssue(issue: ErrorIssue): ProfileIssue {
  return { line: issue.line ?? null, column: issue.column ?? null, code: issue.code, message: issue.message };
}

/** Profiles an ingested table (see {@link profileTable}). */
export function profileIngestResult(
  result: IngestResult,
  table: Pick<Table, 'bom' | 'timeKind' | 'options'>,
): TableProfile {
  const kind = table.timeKind;
  const duplicateRows = result.rejected.filter((row) =>
    row.issues.some((issue) => issue.code === 'duplicate_key'),
  );
  const invalidRows = result.rejected.filter(
    (row) => !row.issues.some((issue) => issue.code === 'duplicate_key'),
  );
  const duplicateCount = duplicateRows.length;
  const invalidCount = result.rejectedCount - duplicateCount;
  return {
    format: result.format,
    encoding: result.encoding ?? null,
    bom: table.bom,
    delimiter: result.delimiter ?? null,
    decimal: result.decimal,
    sheet: result.sheet ?? null,
    layout: result.layout,
    timeKind: kind,
    timeZone: table.options.timeZone,
    rowCount: result.rowCount,
    columns: result.columns,
    series: result.series.map((series) => profileSeries(series, series.metric ?? series.id, kind)),
    exogenous: Object.entries(result.exogenous).flatMap(([column, list]) =>
      list.map((series) => profileSeries(series, column, kind)),
    ),
    duplicates: {
      count: duplicateCount,
      examples: duplicateRows.slice(0, listed).flatMap((row) => row.issues.map(toProfileIssue)),
    },
    invalidRows: {
      count: invalidCount,
      examples: invalidRows.slice(0, listed).flatMap((row) => row.issues.map(toProfileIssue)),
    },
    warnings: result.warnings,
  };
}

/**
 * Profiles a CSV or .xlsx table for `dyocense inspect`: detected format, encoding, delimiter and layout,
 * columns and types, series with inferred frequency, date range, gaps, robust outliers (modified z-score
 * above 3.5) and summary statistics, plus duplicate and invalid rows. Bad rows are counted rather than
 * fatal: the table is read with `onInvalidRow: 'skip'` whatever the options say.
 *
 * @throws DyocenseError `invalid_input` for problems with the whole file (see {@link openTable}).
 * @example
 * const profile = await profileTable(await readFile('sales.csv'));
 * console.log(profile.series.map((series) => `${series.id}: ${series.frequency}`));
 */
export async function profileTable(source: IngestSource, options: IngestOptions = {}): Promise<TableProfile> {
  const table = await openTable(source, {
    ...options,
    onInvalidRow: 'skip',
    maxRejected: Math.max(options.maxRejected ?? 0, 1_000),
  });
  const result = await ingestTable(table);
  return profileIngestResult(result, table);
}
