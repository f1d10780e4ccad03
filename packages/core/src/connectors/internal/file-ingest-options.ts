import { ingestOptionsSchema } from '../../ingest/ingest-options.js';

/**
 * The ingestion options a connector's user may set for the files it reads, as zod fields to spread into a config
 * schema. The size and decompression limits stay out: they are the host's, not the tenant's.
 */
export const fileIngestOptionFields = ingestOptionsSchema.pick({
  format: true,
  layout: true,
  columns: true,
  seriesId: true,
  delimiter: true,
  decimal: true,
  dateFormat: true,
  timeZone: true,
  sheet: true,
}).shape;
