import type { IngestResult } from '../../ingest/index.js';
import type { FieldV1 } from '../../plugin/spec/connector-v1.js';

/** Fields of a metric point read from a table: `timestamp` for dated series, `period` for indexed ones. */
export const tablePointFields: readonly FieldV1[] = Object.freeze([
  { name: 'seriesId', type: 'string', nullable: false },
  {
    name: 'timestamp',
    type: 'timestamp',
    nullable: true,
    description: 'UTC instant; null for a period index',
  },
  { name: 'period', type: 'integer', nullable: true, description: 'Period index; null for a dated series' },
  { name: 'value', type: 'number', nullable: true, description: 'null where the table has a missing value' },
]);

/** One metric point of {@link tablePointFields}. */
export interface TablePoint {
  readonly [field: string]: string | number | null;
  readonly seriesId: string;
  readonly timestamp: string | null;
  readonly period: number | null;
  readonly value: number | null;
}

/** The metric points of an ingested table, series by series, each in time order. */
export function* tablePointsOf(result: IngestResult): Generator<TablePoint> {
  for (const series of result.series) {
    const period = series.frequency === 'period';
    for (let index = 0; index < series.timestamps.length; index++) {
      const time = series.timestamps[index] as number;
      yield {
        seriesId: series.id,
        timestamp: period ? null : new Date(time).toISOString(),
        period: period ? time : null,
        value: series.values[index] ?? null,
      };
    }
  }
}
