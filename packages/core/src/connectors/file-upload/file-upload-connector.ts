import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DyocenseError } from '../../errors/index.js';
import { type IngestOptions, type IngestResult, ingest, ingestFile } from '../../ingest/index.js';
import type { TimeSeries } from '../../model/series.js';
import { defineConnector } from '../../plugin/define-connector.js';
import type { CatalogV1, ConnectorMessageV1, ConnectorV1, StreamV1 } from '../../plugin/spec/connector-v1.js';
import {
  type FileUploadConfig,
  type FileUploadConfigInput,
  fileUploadConfigSchema,
} from './file-upload-config.js';

/** Options of {@link createFileUploadConnector}. */
export interface FileUploadConnectorOptions {
  /**
   * When set, `path` must resolve (after following symbolic links) inside this directory; anything else is
   * `forbidden`. Hosts that take configurations from users must set it. Default: any readable path.
   */
  readonly baseDirectory?: string;
}

async function checkedPath(path: string, baseDirectory: string | undefined): Promise<string> {
  if (baseDirectory === undefined) return path;
  const base = await realpath(resolve(baseDirectory));
  let target: string;
  try {
    target = await realpath(resolve(base, path));
  } catch (error) {
    throw new DyocenseError({ code: 'not_found', message: `File not found: ${path}`, cause: error });
  }
  const inside = relative(base, target);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new DyocenseError({
      code: 'forbidden',
      message: `The file-upload connector may only read files inside ${baseDirectory}, not ${path}`,
    });
  }
  return target;
}

async function load(config: FileUploadConfig, baseDirectory: string | undefined): Promise<IngestResult> {
  const options: IngestOptions = {
    format: config.format,
    layout: config.layout,
    delimiter: config.delimiter,
    decimal: config.decimal,
    dateFormat: config.dateFormat,
    timeZone: config.timeZone,
    ...(config.columns === undefined ? {} : { columns: config.columns }),
    ...(config.seriesId === undefined ? {} : { seriesId: config.seriesId }),
    ...(config.sheet === undefined ? {} : { sheet: config.sheet }),
  };
  if (config.path !== undefined) return ingestFile(await checkedPath(config.path, baseDirectory), options);
  if (config.text !== undefined) return ingest(config.text, options);
  return ingest(new Uint8Array(Buffer.from(config.base64 ?? '', 'base64')), options);
}

const isPeriod = (series: TimeSeries) => series.frequency === 'period';

/** The stream of one series: `seriesId`, `timestamp` (or integer `period`) and a nullable `value`. */
function streamOf(series: TimeSeries): StreamV1 {
  const cursor = isPeriod(series) ? 'period' : 'timestamp';
  return {
    name: series.id,
    fields: [
      { name: 'seriesId', type: 'string', nullable: false },
      isPeriod(series)
        ? {
            name: 'period',
            type: 'integer',
            nullable: false,
            description: 'Period index as written in the file',
          }
        : { name: 'timestamp', type: 'timestamp', nullable: false, description: 'UTC instant (ISO 8601)' },
      {
        name: 'value',
        type: 'number',
        nullable: true,
        description: 'null where the file has a missing value',
      },
    ],
    primaryKey: ['seriesId', cursor],
    cursorField: cursor,
    supportedSyncModes: ['full_refresh', 'incremental'],
  };
}

function catalogOf(result: IngestResult): CatalogV1 {
  return { streams: result.series.map(streamOf) };
}

/** The cursor position a state holds: epoch milliseconds, or a period index. */
function cursorOf(series: TimeSeries, state: unknown): number {
  const valid = isPeriod(series)
    ? typeof state === 'number' && Number.isSafeInteger(state)
    : typeof state === 'string' && Number.isFinite(Date.parse(state));
  if (!valid) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid state for stream "${series.id}": ${JSON.stringify(state)} is not ${isPeriod(series) ? 'a period index' : 'an ISO 8601 timestamp'}`,
    });
  }
  return isPeriod(series) ? (state as number) : Date.parse(state as string);
}

/**
 * Creates a file-upload connector: reads a CSV or Excel file with core's ingestion (streaming, validated,
 * every rejected value reported with its line) and offers one stream per series found. Records are metric
 * points `{ seriesId, timestamp, value }` (`period` instead of `timestamp` for period-indexed series).
 * Incremental sync uses the timestamp as cursor; the state of a stream is the last timestamp read (ISO
 * string, or period index), checkpointed every `checkpointEvery` records and at the end of the stream.
 *
 * @example
 * const connector = createFileUploadConnector({ baseDirectory: '/srv/uploads' });
 */
export function createFileUploadConnector(
  options: FileUploadConnectorOptions = {},
): ConnectorV1<FileUploadConfig, FileUploadConfigInput> {
  const { baseDirectory } = options;
  return defineConnector({
    id: 'file-upload',
    name: 'File upload',
    description: 'Time series from an uploaded CSV or Excel (.xlsx) file, one stream per series',
    spec: { configSchema: fileUploadConfigSchema },
    capabilities: { incremental: true, dynamicStreams: true },
    async check(_context, config) {
      const result = await load(config, baseDirectory);
      if (result.series.length === 0) return { status: 'failed', message: 'The file holds no series' };
      return {
        status: 'succeeded',
        message: `Found ${result.series.length} series in ${result.rowCount} rows (${result.format}, ${result.layout} layout)`,
      };
    },
    async discover(_context, config) {
      return catalogOf(await load(config, baseDirectory));
    },
    async *read(context, { config, catalog, state }): AsyncGenerator<ConnectorMessageV1> {
      const result = await load(config, baseDirectory);
      const byId = new Map(result.series.map((series) => [series.id, series]));
      for (const warning of result.warnings) yield { type: 'log', level: 'warn', message: warning };
      for (const configured of catalog.streams) {
        const series = byId.get(configured.name);
        if (series === undefined) {
          yield {
            type: 'trace',
            error: {
              message: `The file has no series "${configured.name}"`,
              failureType: 'config_error',
              stream: configured.name,
            },
          };
          continue;
        }
        const saved = configured.syncMode === 'incremental' ? state?.[configured.name] : undefined;
        const after = saved === undefined ? Number.NEGATIVE_INFINITY : cursorOf(series, saved);
        const period = isPeriod(series);
        let sinceCheckpoint = 0;
        let last: string | number | undefined;
        for (let index = 0; index < series.timestamps.length; index++) {
          const time = series.timestamps[index] as number;
          if (time <= after) continue;
          const cursor = period ? time : new Date(time).toISOString();
          yield {
            type: 'record',
            stream: series.id,
            data: {
              seriesId: series.id,
              [period ? 'period' : 'timestamp']: cursor,
              value: series.values[index] ?? null,
            },
            emittedAt: context.clock.now(),
          };
          last = cursor;
          if (++sinceCheckpoint >= config.checkpointEvery) {
            yield { type: 'state', stream: series.id, data: cursor };
            sinceCheckpoint = 0;
          }
        }
        if (sinceCheckpoint > 0 && last !== undefined) yield { type: 'state', stream: series.id, data: last };
      }
    },
  });
}

/** The file-upload connector without a base directory (any readable path); see {@link createFileUploadConnector}. */
export const fileUploadConnector = createFileUploadConnector();
