import { z } from 'zod';
import { ingestOptionsSchema } from '../../ingest/ingest-options.js';
import { fileIngestOptionFields } from '../internal/file-ingest-options.js';

/**
 * A Drive MCP server to read through instead of the Drive API: the connector lists files with
 * `listTool` and reads one with `readTool` (see the MCP connector for how the server is reached).
 */
export const driveMcpConfigSchema = z.object({
  /** Name of an MCP server the host registered (stdio) or a Streamable HTTP endpoint. */
  server: z.discriminatedUnion('transport', [
    z.object({ transport: z.literal('stdio'), name: z.string().min(1) }),
    z.object({ transport: z.literal('http'), url: z.url({ protocol: /^https?$/ }) }),
  ]),
  /** Tool called with `{ folderId, modifiedAfter?, cursor? }`; returns `{ files, nextCursor? }`. */
  listTool: z.string().min(1).default('list_files'),
  /** Tool called with `{ fileId }`; returns the content as text (CSV) or as a base64 resource blob. */
  readTool: z.string().min(1).default('read_file'),
});

/**
 * Configuration of the Google Drive connector: the folder, the OAuth2 client and tokens (secrets), optional
 * MCP routing, and the ingestion options applied to every file (as for uploads).
 */
export const googleDriveConfigSchema = z
  .object({
    /** Id of the Drive folder whose CSV, .xlsx and Google Sheets files are read (not its subfolders). */
    folderId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be a Drive folder id'),
    /** OAuth2 client id of the host's Google Cloud project. */
    clientId: z.string().min(1).optional(),
    /** OAuth2 client secret. */
    clientSecret: z.string().min(1).optional(),
    /** Long-lived refresh token from the authorisation-code exchange (`access_type=offline`). */
    refreshToken: z.string().min(1).optional(),
    /** A current access token; refreshed with `refreshToken` when it is missing or rejected. */
    accessToken: z.string().min(1).optional(),
    /** When set, files are listed and read through this MCP server instead of the Drive API. */
    mcp: driveMcpConfigSchema.optional(),
    /** `fail` (default) ends the read at the first file that does not ingest; `skip` logs it and goes on. */
    onInvalidFile: z.enum(['fail', 'skip']).default('fail'),
    ...fileIngestOptionFields,
    onInvalidRow: ingestOptionsSchema.shape.onInvalidRow,
  })
  .refine(
    (config) =>
      config.mcp !== undefined ||
      config.accessToken !== undefined ||
      // Client id and secret alone: a source created before its OAuth connection (the server's connect flow
      // stores the refresh token); reads fail with "not connected" until then.
      (config.clientId !== undefined && config.clientSecret !== undefined),
    {
      message:
        'give clientId and clientSecret (plus refreshToken once connected), an accessToken, or an mcp server',
    },
  );

/** Validated configuration (see {@link googleDriveConfigSchema}). */
export type GoogleDriveConfig = z.output<typeof googleDriveConfigSchema>;
/** Configuration input accepted by the Google Drive connector. */
export type GoogleDriveConfigInput = z.input<typeof googleDriveConfigSchema>;
/** Validated MCP routing of the Google Drive connector. */
export type DriveMcpConfig = z.output<typeof driveMcpConfigSchema>;
