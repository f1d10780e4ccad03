import { z } from 'zod';
import { fileIngestOptionFields } from '../internal/file-ingest-options.js';

/**
 * Configuration of the file-upload connector: exactly one source (`path` on the host's disk, `text` for
 * CSV content, `base64` for any file's bytes) plus the ingestion options that describe the file.
 */
export const fileUploadConfigSchema = z
  .object({
    /** Path of a CSV or .xlsx file, read with streaming. */
    path: z.string().min(1).optional(),
    /** The CSV file's content as text. */
    text: z.string().min(1).optional(),
    /** The file's bytes in base64 (CSV or .xlsx). */
    base64: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 without line breaks')
      .optional(),
    ...fileIngestOptionFields,
    /** Emit a state checkpoint after this many records of a stream (and at its end). Default 1000. */
    checkpointEvery: z.number().int().positive().max(1_000_000).default(1_000),
  })
  .refine(
    (config) => [config.path, config.text, config.base64].filter((value) => value !== undefined).length === 1,
    {
      message: 'give exactly one of path, text or base64',
    },
  );

/** Validated configuration (see {@link fileUploadConfigSchema}). */
export type FileUploadConfig = z.output<typeof fileUploadConfigSchema>;
/** Configuration input accepted by the file-upload connector. */
export type FileUploadConfigInput = z.input<typeof fileUploadConfigSchema>;
