import { DyocenseError } from '../../errors/index.js';
import { ingest } from '../../ingest/index.js';
import { defineConnector } from '../../plugin/define-connector.js';
import { recordProblems } from '../../plugin/internal/record-problems.js';
import type {
  ConnectorMessageV1,
  ConnectorV1,
  FieldV1,
  StreamV1,
  TraceMessageV1,
} from '../../plugin/spec/connector-v1.js';
import type { JsonObjectV1, JsonValueV1 } from '../../plugin/spec/json-value-v1.js';
import {
  type McpConnectorConfig,
  type McpConnectorConfigInput,
  type McpStreamConfig,
  mcpConnectorConfigSchema,
} from './mcp-connector-config.js';
import { fieldsFromOutputSchema, jsonOfContents, jsonPayloadOf, recordsPageOf } from './mcp-records.js';
import type { McpHostOptions } from './mcp-server-config.js';
import { type McpContent, type McpSession, openMcpSession, toolErrorText } from './mcp-session.js';
import { tablePointFields, tablePointsOf } from './table-records.js';

/** A stream offered by the server together with how to read it. */
interface ResolvedStream {
  readonly stream: StreamV1;
  readonly source: McpStreamConfig;
}

const maxPages = 10_000;

function configError(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

function autoStreamName(tool: string): string {
  const name = tool.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return /^[a-z]/.test(name) ? name : `tool_${name}`;
}

/** The streams of a configuration, checked against the tools the server lists. */
async function resolveStreams(session: McpSession, config: McpConnectorConfig): Promise<ResolvedStream[]> {
  const tools = await session.listTools();
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  if (config.streams.length === 0) {
    return tools.flatMap((tool) => {
      const required = tool.inputSchema.required;
      const fields = fieldsFromOutputSchema(tool.outputSchema, 'records');
      if ((Array.isArray(required) && required.length > 0) || fields === undefined) return [];
      const source = {
        name: autoStreamName(tool.name),
        tool: tool.name,
        arguments: {},
        format: 'records',
        recordsField: 'records',
        nextPageField: 'nextCursor',
        pageArgument: 'cursor',
        primaryKey: [],
      } as unknown as McpStreamConfig;
      return [
        {
          stream: { name: source.name, fields, primaryKey: [], supportedSyncModes: ['full_refresh'] },
          source,
        },
      ];
    });
  }
  return config.streams.map((source) => {
    const tool = source.tool === undefined ? undefined : byName.get(source.tool);
    if (source.tool !== undefined && tool === undefined) {
      throw configError(
        `The MCP server ${session.serverName} has no tool "${source.tool}" (tools: ${tools.map((item) => item.name).join(', ') || 'none'})`,
      );
    }
    if (source.format === 'table') {
      return {
        stream: {
          name: source.name,
          fields: tablePointFields,
          primaryKey: ['seriesId', 'timestamp', 'period'],
          supportedSyncModes: ['full_refresh'],
        },
        source,
      };
    }
    const fields =
      (source.fields as FieldV1[] | undefined) ??
      fieldsFromOutputSchema(tool?.outputSchema, source.recordsField);
    if (fields === undefined) {
      throw configError(
        `Stream "${source.name}": ${source.tool === undefined ? 'a resource' : `tool "${source.tool}"`} declares no outputSchema with a "${source.recordsField}" array; list the record fields in the stream's fields`,
      );
    }
    return {
      stream: {
        name: source.name,
        fields,
        primaryKey: source.primaryKey,
        ...(source.cursorField === undefined ? {} : { cursorField: source.cursorField }),
        supportedSyncModes:
          source.cursorField === undefined ? ['full_refresh'] : ['full_refresh', 'incremental'],
      },
      source,
    };
  });
}

async function callTool(session: McpSession, tool: string, args: Record<string, unknown>) {
  const result = await session.callTool(tool, args);
  if (result.isError) {
    throw new DyocenseError({
      code: 'unavailable',
      message: `The MCP tool "${tool}" of ${session.serverName} failed: ${toolErrorText(result)}`,
    });
  }
  return result;
}

/** Every record of a `records` stream, following the server's page cursors. */
async function fetchRecords(
  session: McpSession,
  source: McpStreamConfig,
  since: JsonValueV1 | undefined,
): Promise<unknown[]> {
  if (source.resource !== undefined) {
    const page = recordsPageOf(
      jsonOfContents(await session.readResource(source.resource)),
      source.recordsField,
      source.nextPageField,
    );
    if (page === undefined) {
      throw configError(`Resource ${source.resource} holds no JSON "${source.recordsField}" array`);
    }
    return [...page.records];
  }
  const tool = source.tool as string;
  const records: unknown[] = [];
  let args: Record<string, unknown> = {
    ...source.arguments,
    ...(since === undefined || source.sinceArgument === undefined ? {} : { [source.sinceArgument]: since }),
  };
  for (let pages = 1; ; pages++) {
    const page = recordsPageOf(
      jsonPayloadOf(await callTool(session, tool, args)),
      source.recordsField,
      source.nextPageField,
    );
    if (page === undefined) {
      throw new DyocenseError({
        code: 'unavailable',
        message: `The MCP tool "${tool}" answered without a "${source.recordsField}" array`,
      });
    }
    records.push(...page.records);
    if (page.nextCursor === undefined) return records;
    if (pages >= maxPages) {
      throw new DyocenseError({
        code: 'unavailable',
        message: `The MCP tool "${tool}" returned more than ${maxPages} pages`,
      });
    }
    args = { ...args, [source.pageArgument]: page.nextCursor };
  }
}

async function tableContent(session: McpSession, source: McpStreamConfig): Promise<string | Uint8Array> {
  const contents: readonly McpContent[] =
    source.resource !== undefined
      ? await session.readResource(source.resource)
      : (await callTool(session, source.tool as string, source.arguments)).content;
  const block = contents.find((item) => item.blob !== undefined || item.text !== undefined);
  if (block?.blob !== undefined) return new Uint8Array(Buffer.from(block.blob, 'base64'));
  if (block?.text !== undefined) return block.text;
  throw new DyocenseError({
    code: 'unavailable',
    message: `Stream "${source.name}": the MCP server returned no text or blob content`,
  });
}

/** Orders cursor values of one field type (numbers numerically, timestamps by instant, text by code unit). */
function cursorKey(field: FieldV1, value: unknown): number | string | undefined {
  if (field.type === 'number' || field.type === 'integer')
    return typeof value === 'number' ? value : undefined;
  if (field.type === 'timestamp') {
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(time) ? time : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

function traceOf(error: unknown, stream?: string): TraceMessageV1 {
  const code = DyocenseError.isInstance(error) ? error.code : undefined;
  return {
    type: 'trace',
    error: {
      message: error instanceof Error ? error.message : String(error),
      failureType:
        code === 'unavailable'
          ? 'transient_error'
          : code === 'invalid_input' || code === 'forbidden' || code === 'not_found'
            ? 'config_error'
            : 'system_error',
      ...(stream === undefined ? {} : { stream }),
    },
  };
}

/**
 * Creates the MCP connector: reads streams through an MCP server with the official TypeScript SDK
 * (imported on first use; an optional peer dependency). `discover` lists the server's tools and offers
 * the configured streams (fields from the config or the tool's `outputSchema`), or, with none configured,
 * one stream per argument-free tool whose `outputSchema` has a `records` array. A `records` stream calls
 * its tool (following `nextCursor` pages) or reads its resource and validates every record against the
 * stream's fields; a `table` stream reads CSV or .xlsx content with core's ingestion, like an upload.
 * An incremental stream (one with `cursorField`) sorts records by cursor, emits those past the saved one
 * and checkpoints only between different cursor values, so resuming neither repeats nor loses a record.
 *
 * @example
 * const connector = createMcpConnector({ stdioServers: { shop: { command: 'shop-mcp' } } });
 */
export function createMcpConnector(
  options: McpHostOptions = {},
): ConnectorV1<McpConnectorConfig, McpConnectorConfigInput> {
  const open = (context: Parameters<typeof openMcpSession>[0], config: McpConnectorConfig) =>
    openMcpSession(context, config.server, {
      ...options,
      ...(config.accessToken === undefined ? {} : { accessToken: config.accessToken }),
    });
  return defineConnector({
    id: 'mcp',
    name: 'MCP server',
    description: 'Records from the tools and resources of a Model Context Protocol server',
    spec: {
      configSchema: mcpConnectorConfigSchema,
      secretFields: ['accessToken'],
      documentationUrl: 'https://modelcontextprotocol.io/specification/2025-06-18/server/tools',
    },
    capabilities: { incremental: true, dynamicStreams: true },
    async check(context, config) {
      const session = await open(context, config);
      try {
        const streams = await resolveStreams(session, config);
        const resources = await session.listResources();
        return {
          status: 'succeeded',
          message: `Connected to MCP server ${session.serverName}: ${streams.length} streams, ${resources.length} resources`,
        };
      } finally {
        await session.close();
      }
    },
    async discover(context, config) {
      const session = await open(context, config);
      try {
        return { streams: (await resolveStreams(session, config)).map((entry) => entry.stream) };
      } finally {
        await session.close();
      }
    },
    async *read(context, { config, catalog, state }): AsyncGenerator<ConnectorMessageV1> {
      let session: McpSession | undefined;
      let current: string | undefined;
      try {
        session = await open(context, config);
        const resolved = new Map(
          (await resolveStreams(session, config)).map((entry) => [entry.stream.name, entry]),
        );
        for (const configured of catalog.streams) {
          current = configured.name;
          const entry = resolved.get(configured.name);
          if (entry === undefined) {
            yield traceOf(
              configError(`The MCP connector has no stream "${configured.name}"`),
              configured.name,
            );
            return;
          }
          const { stream, source } = entry;
          if (source.format === 'table') {
            const result = await ingest(await tableContent(session, source), {
              layout: source.layout,
              dateFormat: source.dateFormat,
              timeZone: source.timeZone,
              ...(source.columns === undefined ? {} : { columns: source.columns }),
              ...(source.seriesId === undefined ? {} : { seriesId: source.seriesId }),
            });
            for (const warning of result.warnings) yield { type: 'log', level: 'warn', message: warning };
            for (const point of tablePointsOf(result)) {
              yield { type: 'record', stream: stream.name, data: point, emittedAt: context.clock.now() };
            }
            continue;
          }
          const cursorField = stream.fields.find((field) => field.name === stream.cursorField);
          const incremental = configured.syncMode === 'incremental' && cursorField !== undefined;
          const saved = incremental ? state?.[stream.name] : undefined;
          const after =
            saved === undefined || cursorField === undefined ? undefined : cursorKey(cursorField, saved);
          if (saved !== undefined && after === undefined) {
            throw configError(
              `Invalid state for stream "${stream.name}": ${JSON.stringify(saved)} is not a ${cursorField?.type} cursor`,
            );
          }
          const rows: { data: JsonObjectV1; key: number | string | undefined }[] = [];
          for (const [index, raw] of (await fetchRecords(session, source, saved)).entries()) {
            if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
              throw new DyocenseError({
                code: 'unavailable',
                message: `Record ${index + 1} of stream "${stream.name}" is not an object`,
              });
            }
            const data = Object.fromEntries(
              stream.fields.map((field) => [
                field.name,
                (raw as Record<string, JsonValueV1>)[field.name] ?? null,
              ]),
            ) as JsonObjectV1;
            const problems = recordProblems(stream, data);
            if (problems.length > 0) {
              throw new DyocenseError({
                code: 'unavailable',
                message: `Record ${index + 1} of stream "${stream.name}" does not match its fields: ${problems.join('; ')}`,
              });
            }
            const key =
              cursorField === undefined ? undefined : cursorKey(cursorField, data[cursorField.name]);
            if (incremental && key === undefined) {
              throw new DyocenseError({
                code: 'unavailable',
                message: `Record ${index + 1} of stream "${stream.name}" has no ${cursorField?.name} cursor`,
              });
            }
            rows.push({ data, key });
          }
          if (incremental)
            rows.sort((left, right) =>
              (left.key as number | string) < (right.key as number | string)
                ? -1
                : (left.key as number | string) > (right.key as number | string)
                  ? 1
                  : 0,
            );
          let sinceCheckpoint = 0;
          for (const [index, row] of rows.entries()) {
            if (incremental && after !== undefined && (row.key as number | string) <= after) continue;
            yield { type: 'record', stream: stream.name, data: row.data, emittedAt: context.clock.now() };
            sinceCheckpoint++;
            const next = rows[index + 1];
            // A checkpoint between equal cursors would lose the rest of them on resume.
            const boundary = next === undefined || next.key !== row.key;
            if (
              incremental &&
              boundary &&
              (sinceCheckpoint >= config.checkpointEvery || next === undefined)
            ) {
              yield {
                type: 'state',
                stream: stream.name,
                data: row.data[cursorField?.name as string] ?? null,
              };
              sinceCheckpoint = 0;
            }
          }
        }
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        yield traceOf(error, current);
      } finally {
        await session?.close();
      }
    },
  });
}

/** The MCP connector with no stdio servers registered (Streamable HTTP servers only). */
export const mcpConnector = createMcpConnector();
