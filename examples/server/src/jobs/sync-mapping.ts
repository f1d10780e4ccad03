import { DyocenseError, parseInput } from '@dyocense/core';
import type { MetricPointInput } from '@dyocense/core/db';
import { z } from 'zod';

const fieldName = z.string().min(1).max(200);
const metricName = z.string().min(1).max(200);

const pointMappingSchema = z
  .object({
    /** Record field holding the value (a finite number, or a numeric string). */
    valueField: fieldName,
    /** The metric every record of the stream feeds. */
    metric: metricName.optional(),
    /** Or: the record field naming the metric (e.g. file uploads' `seriesId`). */
    metricField: fieldName.optional(),
  })
  .refine((value) => (value.metric === undefined) !== (value.metricField === undefined), {
    message: 'give exactly one of metric and metricField',
  });

const streamMappingSchema = z
  .object({
    /** Stream name, as the connector's catalog lists it. */
    name: z.string().min(1).max(200),
    /** Default `incremental` (resume from the stored checkpoint); `full_refresh` re-reads everything. */
    syncMode: z.enum(['incremental', 'full_refresh']).default('incremental'),
    /** Record field holding the point's time: an ISO 8601 date or date-time. */
    timestampField: fieldName,
    /** Record fields copied into the point's dimensions (as strings); default none. */
    dimensionFields: z.array(fieldName).max(20).default([]),
    /**
     * The record field identifying a record (Salesforce: `Id`), one of `dimensionFields`: each record's points
     * then carry its identity, so a deleted record's points can be found and removed. Without it, deleted
     * records cannot be applied (points of several records may share one series) and are counted as skipped.
     */
    recordIdField: fieldName.optional().meta({
      description:
        "Record field identifying a record (Salesforce: Id), one of dimensionFields. Needed to apply deleted records: without it they are counted in the run's deletionsSkipped",
    }),
    /** Record field that is `true` on a deleted record; default `IsDeleted` (Salesforce's `queryAll`). */
    deletedField: fieldName
      .optional()
      .meta({ description: 'Record field that is true on a deleted record; default IsDeleted' }),
    /** Points each record gives, one per entry. */
    points: z.array(pointMappingSchema).min(1).max(50),
  })
  .refine(
    (value) => value.recordIdField === undefined || value.dimensionFields.includes(value.recordIdField),
    {
      message: 'recordIdField must be one of dimensionFields',
      path: ['recordIdField'],
    },
  );

/**
 * How a data source's connector records become metric points (`data_sources.sync_mapping`): per stream, the time
 * field, the dimension fields and one or more (value field, metric) pairs.
 *
 * @example
 * { streams: [{ name: 'opportunities', timestampField: 'CloseDate', dimensionFields: ['StageName'],
 *     points: [{ valueField: 'Amount', metric: 'pipeline_amount' }] }] }
 */
export const syncMappingSchema = z.object({
  streams: z
    .array(streamMappingSchema)
    .min(1)
    .max(100)
    .refine((streams) => new Set(streams.map((stream) => stream.name)).size === streams.length, {
      message: 'each stream may be mapped once',
    }),
});

/** A validated mapping ({@link syncMappingSchema}). */
export type SyncMapping = z.output<typeof syncMappingSchema>;
/** One stream of a {@link SyncMapping}. */
export type StreamMapping = SyncMapping['streams'][number];

/**
 * Reads a stored mapping. @throws DyocenseError `invalid_input` (not retried: the configuration is wrong) when it
 * is missing or malformed.
 */
export function parseSyncMapping(stored: unknown): SyncMapping {
  if (stored === null || stored === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'The data source has no sync mapping: set which record fields become which metrics',
    });
  }
  return parseInput(syncMappingSchema, stored, 'sync mapping');
}

function toValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const value = Number(raw);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/** A deleted source record as the sync applies it: the points to remove, or why it cannot be applied. */
export type RecordDeletion =
  | { readonly apply: true; readonly metrics: readonly string[]; readonly id: string }
  | { readonly apply: false };

/**
 * Whether `data` is a deleted record under `stream` (its `deletedField`, default `IsDeleted`, is `true`), and if so which points it
 * removes: those of the stream's metrics whose `recordIdField` dimension is the record's id. Not applicable
 * (skipped) when the mapping has no `recordIdField`, or the record lacks its id or the field naming its metric.
 * Undefined for a live record.
 */
export function recordDeletion(
  stream: StreamMapping,
  data: Readonly<Record<string, unknown>>,
): RecordDeletion | undefined {
  if (data[stream.deletedField ?? 'IsDeleted'] !== true) return undefined;
  const idField = stream.recordIdField;
  const id = idField === undefined ? undefined : data[idField];
  if (id === null || id === undefined) return { apply: false };
  const metrics = new Set<string>();
  for (const point of stream.points) {
    const metric = point.metric ?? data[point.metricField ?? ''];
    if (typeof metric !== 'string' || metric === '') return { apply: false };
    metrics.add(metric);
  }
  return { apply: true, metrics: [...metrics], id: String(id) };
}

/**
 * The points one record gives under `stream`. A null or absent value gives no point (a sparse record); a value
 * that is not a number, or a missing or unreadable time, fails the sync (`invalid_input`, naming stream, field and
 * record number) rather than storing half a record set.
 */
export function recordToPoints(
  stream: StreamMapping,
  data: Readonly<Record<string, unknown>>,
  recordNumber: number,
): MetricPointInput[] {
  const where = `record ${recordNumber} of stream "${stream.name}"`;
  const time = data[stream.timestampField];
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Field "${stream.timestampField}" of ${where} is not an ISO 8601 date or date-time`,
    });
  }
  const dimensions: Record<string, string> = {};
  for (const field of stream.dimensionFields) {
    const value = data[field];
    if (value !== null && value !== undefined) dimensions[field] = String(value);
  }
  const points: MetricPointInput[] = [];
  for (const point of stream.points) {
    const raw = data[point.valueField];
    if (raw === null || raw === undefined) continue;
    const value = toValue(raw);
    if (value === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Field "${point.valueField}" of ${where} is not a number`,
      });
    }
    const metric = point.metric ?? data[point.metricField ?? ''];
    if (typeof metric !== 'string' || metric === '') {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Field "${point.metricField}" of ${where} does not name a metric`,
      });
    }
    points.push({ metric, ts: time, value, dimensions });
  }
  return points;
}
