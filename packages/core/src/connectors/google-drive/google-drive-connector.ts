import { DyocenseError, parseInput } from '../../errors/index.js';
import { type IngestOptions, ingest } from '../../ingest/index.js';
import { defineConnector } from '../../plugin/define-connector.js';
import type {
  ConnectorMessageV1,
  ConnectorV1,
  FailureTypeV1,
  FieldV1,
  StreamV1,
  TraceMessageV1,
} from '../../plugin/spec/connector-v1.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';
import type { McpHostOptions } from '../mcp/mcp-server-config.js';
import { tablePointFields, tablePointsOf } from '../mcp/table-records.js';
import { createDriveApiSource } from './drive-api-source.js';
import {
  compareDriveFiles,
  type DriveFile,
  type DriveFileSource,
  type DrivePosition,
  drivePositionSchema,
  driveTableMimeTypes,
  positionOf,
} from './drive-file.js';
import { createDriveMcpSource } from './drive-mcp-source.js';
import {
  type GoogleDriveConfig,
  type GoogleDriveConfigInput,
  googleDriveConfigSchema,
} from './google-drive-config.js';
import { defaultGoogleRetryPolicy, type GoogleRetryPolicy } from './google-retry.js';

/** Options of {@link createGoogleDriveConnector}. */
export interface GoogleDriveConnectorOptions extends McpHostOptions {
  /** Back-off from Google's rate limits. Default {@link defaultGoogleRetryPolicy}. */
  readonly retry?: Partial<GoogleRetryPolicy>;
}

const modifiedTimeField: FieldV1 = {
  name: 'modifiedTime',
  type: 'timestamp',
  nullable: false,
  description: "The file's last modification (RFC 3339, UTC)",
};

/** Stream `files`: the folder's files (folders excluded) with their metadata. */
export const googleDriveFilesStream: StreamV1 = Object.freeze<StreamV1>({
  name: 'files',
  fields: [
    { name: 'id', type: 'string', nullable: false },
    { name: 'name', type: 'string', nullable: false },
    { name: 'mimeType', type: 'string', nullable: false },
    modifiedTimeField,
    { name: 'size', type: 'integer', nullable: true, description: 'Bytes; null for Google Sheets and Docs' },
  ],
  primaryKey: ['id'],
  cursorField: 'modifiedTime',
  supportedSyncModes: ['full_refresh', 'incremental'],
});

/** Stream `points`: the metric points of every CSV, .xlsx and Google Sheets file, read as uploads are. */
export const googleDrivePointsStream: StreamV1 = Object.freeze<StreamV1>({
  name: 'points',
  fields: [
    { name: 'fileId', type: 'string', nullable: false },
    { name: 'fileName', type: 'string', nullable: false },
    modifiedTimeField,
    ...tablePointFields,
  ],
  primaryKey: ['fileId', 'seriesId', 'timestamp', 'period'],
  cursorField: 'modifiedTime',
  supportedSyncModes: ['full_refresh', 'incremental'],
});

const streamNames = new Set([googleDriveFilesStream.name, googleDrivePointsStream.name]);

function openSource(
  context: PluginContextV1,
  config: GoogleDriveConfig,
  options: GoogleDriveConnectorOptions,
  policy: GoogleRetryPolicy,
): Promise<DriveFileSource> | DriveFileSource {
  // MCP first when the user configured a server; the Drive API otherwise.
  if (config.mcp !== undefined) return createDriveMcpSource(context, config.mcp, options);
  return createDriveApiSource(context, config, policy);
}

function ingestOptionsFor(config: GoogleDriveConfig, file: DriveFile): IngestOptions {
  const format = config.format === 'auto' ? driveTableMimeTypes[file.mimeType] : config.format;
  return {
    format: format ?? 'auto',
    layout: config.layout,
    delimiter: config.delimiter,
    decimal: config.decimal,
    dateFormat: config.dateFormat,
    timeZone: config.timeZone,
    onInvalidRow: config.onInvalidRow,
    ...(config.columns === undefined ? {} : { columns: config.columns }),
    ...(config.seriesId === undefined ? {} : { seriesId: config.seriesId }),
    ...(config.sheet === undefined || format !== 'xlsx' ? {} : { sheet: config.sheet }),
  };
}

function failureTypeOf(error: unknown): FailureTypeV1 {
  if (!DyocenseError.isInstance(error)) return 'system_error';
  if (error.code === 'unavailable') return 'transient_error';
  if (error.code === 'forbidden' || error.code === 'not_found' || error.code === 'invalid_input') {
    return 'config_error';
  }
  return 'system_error';
}

function traceOf(error: unknown, stream?: string): TraceMessageV1 {
  return {
    type: 'trace',
    error: {
      message: error instanceof Error ? error.message : String(error),
      failureType: failureTypeOf(error),
      ...(stream === undefined ? {} : { stream }),
    },
  };
}

const describeFile = (file: DriveFile): string => `Drive file "${file.name}" (${file.id})`;

/**
 * Creates the Google Drive connector. It reads one folder (not its subfolders) through the Drive v3 API
 * with OAuth2 tokens, or through a Drive MCP server when the configuration names one.
 *
 * Streams: `files` (metadata) and `points` (the metric points of every CSV, .xlsx and Google Sheets file,
 * ingested and validated exactly as uploads: a bad value is reported with its file, line and column).
 * Both sync incrementally by `modifiedTime`: files are read in (modifiedTime, id) order and the state after
 * each file is `{ modifiedTime, fileId }`, so a resumed read neither repeats nor skips a file, even when
 * several share an instant. A file changed since the last sync is read again whole; its points keep their
 * primary key, so hosts upsert them. Points a newer version of a file no longer holds are not deleted.
 *
 * @example
 * registry.register(createGoogleDrivePlugin({ stdioServers: { drive: { command: 'drive-mcp' } } }));
 */
export function createGoogleDriveConnector(
  options: GoogleDriveConnectorOptions = {},
): ConnectorV1<GoogleDriveConfig, GoogleDriveConfigInput> {
  const policy: GoogleRetryPolicy = { ...defaultGoogleRetryPolicy, ...options.retry };
  return defineConnector({
    id: 'google-drive',
    name: 'Google Drive',
    description: 'CSV, Excel (.xlsx) and Google Sheets files of a Drive folder, as metric points',
    spec: {
      configSchema: googleDriveConfigSchema,
      secretFields: ['clientSecret', 'refreshToken', 'accessToken'],
      documentationUrl: 'https://developers.google.com/workspace/drive/api/guides/search-files',
    },
    capabilities: { incremental: true, dynamicStreams: false },
    streams: [googleDriveFilesStream, googleDrivePointsStream],
    async check(context, config) {
      const source = await openSource(context, config, options, policy);
      try {
        let files = 0;
        let readable = 0;
        for await (const file of source.list(config.folderId, undefined)) {
          files++;
          if (driveTableMimeTypes[file.mimeType] !== undefined) readable++;
        }
        return {
          status: 'succeeded',
          message: `Folder ${config.folderId} holds ${files} files, ${readable} readable (CSV, .xlsx, Google Sheets)${config.mcp === undefined ? '' : ' (through MCP)'}`,
        };
      } finally {
        await source.close();
      }
    },
    discover() {
      return { streams: [googleDriveFilesStream, googleDrivePointsStream] };
    },
    async *read(context, { config, catalog, state }): AsyncGenerator<ConnectorMessageV1> {
      const positions = new Map<string, DrivePosition | undefined>();
      for (const configured of catalog.streams) {
        const saved = configured.syncMode === 'incremental' ? state?.[configured.name] : undefined;
        positions.set(
          configured.name,
          saved === undefined
            ? undefined
            : parseInput(drivePositionSchema, saved, `state of Google Drive stream "${configured.name}"`),
        );
      }
      const unknown = catalog.streams.find((configured) => !streamNames.has(configured.name));
      if (unknown !== undefined) {
        yield traceOf(
          new DyocenseError({
            code: 'invalid_input',
            message: `The Google Drive connector has no stream "${unknown.name}" (streams: files, points)`,
          }),
          unknown.name,
        );
        return;
      }
      const starts = [...positions.values()];
      // List from the earliest checkpoint only when every stream resumes; a full refresh needs everything.
      const since = starts.some((start) => start === undefined)
        ? undefined
        : (starts as DrivePosition[]).sort(compareDriveFiles)[0]?.modifiedTime;
      let source: DriveFileSource | undefined;
      try {
        source = await openSource(context, config, options, policy);
        const files: DriveFile[] = [];
        for await (const file of source.list(config.folderId, since)) files.push(file);
        files.sort((left, right) => compareDriveFiles(positionOf(left), positionOf(right)));
        for (const configured of catalog.streams) {
          const after = positions.get(configured.name);
          for (const file of files) {
            const position = positionOf(file);
            if (after !== undefined && compareDriveFiles(position, after) <= 0) continue;
            if (configured.name === googleDriveFilesStream.name) {
              yield {
                type: 'record',
                stream: configured.name,
                data: {
                  id: file.id,
                  name: file.name,
                  mimeType: file.mimeType,
                  modifiedTime: position.modifiedTime,
                  size: file.size === undefined ? null : Number(file.size),
                },
                emittedAt: context.clock.now(),
              };
            } else if (driveTableMimeTypes[file.mimeType] === undefined) {
              yield {
                type: 'log',
                level: 'debug',
                message: `Skipped ${describeFile(file)}: ${file.mimeType} is not CSV, .xlsx or Google Sheets`,
              };
            } else {
              const content = await source.content(file);
              let result: Awaited<ReturnType<typeof ingest>>;
              try {
                result = await ingest(content, ingestOptionsFor(config, file));
              } catch (error) {
                if (!DyocenseError.isInstance(error) || error.code !== 'invalid_input') throw error;
                const message = `${describeFile(file)}: ${error.message}`;
                if (config.onInvalidFile === 'fail') {
                  yield traceOf(
                    new DyocenseError({ code: 'invalid_input', message, cause: error }),
                    configured.name,
                  );
                  return;
                }
                yield { type: 'log', level: 'warn', message: `Skipped ${message}` };
                yield { type: 'state', stream: configured.name, data: position };
                continue;
              }
              for (const warning of result.warnings) {
                yield { type: 'log', level: 'warn', message: `${describeFile(file)}: ${warning}` };
              }
              if (result.rejectedCount > 0) {
                const first = result.rejected[0]?.issues[0];
                yield {
                  type: 'log',
                  level: 'warn',
                  message: `${describeFile(file)}: skipped ${result.rejectedCount} invalid rows${first?.line === undefined ? '' : `, the first at line ${first.line}: ${first.message}`}`,
                };
              }
              for (const point of tablePointsOf(result)) {
                yield {
                  type: 'record',
                  stream: configured.name,
                  data: {
                    fileId: file.id,
                    fileName: file.name,
                    modifiedTime: position.modifiedTime,
                    ...point,
                  },
                  emittedAt: context.clock.now(),
                };
              }
            }
            yield { type: 'state', stream: configured.name, data: position };
          }
        }
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        yield traceOf(error);
      } finally {
        await source?.close();
      }
    },
  });
}

/** The Google Drive connector with the default retry policy and no stdio MCP servers. */
export const googleDriveConnector = createGoogleDriveConnector();
