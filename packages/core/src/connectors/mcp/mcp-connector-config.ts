import { z } from 'zod';
import { ingestOptionsSchema } from '../../ingest/ingest-options.js';
import { fieldSchema } from '../../plugin/catalog-schema.js';
import { mcpServerConfigSchema } from './mcp-server-config.js';

const options = ingestOptionsSchema.shape;

/**
 * One stream read through an MCP server: a tool to call (with fixed arguments) or a resource to read, and
 * how its answer becomes records.
 */
export const mcpStreamConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and _ (starting with a letter)')
      .max(100),
    tool: z.string().min(1).optional(),
    resource: z.string().min(1).optional(),
    /** Arguments of every call of `tool`. */
    arguments: z.record(z.string(), z.json()).default({}),
    /**
     * `records`: JSON objects (the tool's structured content or JSON text); `table`: CSV text or .xlsx
     * bytes, read with core's ingestion into metric points `{ seriesId, timestamp, period, value }`.
     */
    format: z.enum(['records', 'table']).default('records'),
    /** Property of the JSON answer holding the records array. Default `records`. */
    recordsField: z.string().min(1).default('records'),
    /** Property of the JSON answer holding the next page's cursor; absent or empty on the last page. */
    nextPageField: z.string().min(1).default('nextCursor'),
    /** Tool argument that receives that cursor on the next call. */
    pageArgument: z.string().min(1).default('cursor'),
    /** Record fields (`records` format); default: read from the tool's `outputSchema`. */
    fields: z.array(fieldSchema).min(1).optional(),
    primaryKey: z.array(z.string().min(1)).default([]),
    /** A field whose value only grows; makes the stream incremental. */
    cursorField: z.string().min(1).optional(),
    /** Tool argument that receives the saved cursor, so the server can skip what was read. */
    sinceArgument: z.string().min(1).optional(),
    layout: options.layout,
    columns: options.columns,
    seriesId: options.seriesId,
    dateFormat: options.dateFormat,
    timeZone: options.timeZone,
  })
  .refine((stream) => (stream.tool === undefined) !== (stream.resource === undefined), {
    message: 'give exactly one of tool or resource',
  });

/** Configuration of the MCP connector. */
export const mcpConnectorConfigSchema = z.object({
  server: mcpServerConfigSchema,
  /** Sent as a bearer token to an HTTP server. */
  accessToken: z.string().min(1).optional(),
  /**
   * The streams to read. When empty, `discover` offers one stream per tool that takes no required argument
   * and declares an `outputSchema` with a `records` array of objects.
   */
  streams: z.array(mcpStreamConfigSchema).default([]),
  /** Emit a state checkpoint after this many records of an incremental stream (and at its end). */
  checkpointEvery: z.number().int().positive().max(1_000_000).default(1_000),
});

/** Validated configuration of the MCP connector. */
export type McpConnectorConfig = z.output<typeof mcpConnectorConfigSchema>;
/** Configuration input of the MCP connector. */
export type McpConnectorConfigInput = z.input<typeof mcpConnectorConfigSchema>;
/** One validated stream of {@link McpConnectorConfig}. */
export type McpStreamConfig = z.output<typeof mcpStreamConfigSchema>;
