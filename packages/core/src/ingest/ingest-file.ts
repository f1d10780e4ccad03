import { createReadStream } from 'node:fs';
import { DyocenseError } from '../errors/index.js';
import { type IngestResult, ingest } from './ingest.js';
import type { IngestOptions } from './ingest-options.js';
import { openTable, type Table } from './open-table.js';
import { profileTable, type TableProfile } from './profile-table.js';

/** Node only: a file as a byte stream, with a missing or unreadable file reported as `not_found`/`invalid_input`. */
function fileStream(path: string): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } catch (error) {
        const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
        if (code === 'ENOENT') {
          throw new DyocenseError({ code: 'not_found', message: `No such file: ${path}`, cause: error });
        }
        if (code === 'EISDIR') {
          throw new DyocenseError({
            code: 'invalid_input',
            message: `${path} is a directory, not a file`,
            cause: error,
          });
        }
        throw error;
      } finally {
        stream.destroy();
      }
    },
  };
}

function withFormat(path: string, options: IngestOptions): IngestOptions {
  if (options.format !== undefined && options.format !== 'auto') return options;
  return /\.xlsx$/i.test(path) ? { ...options, format: 'xlsx' } : options;
}

/**
 * Node only: {@link ingest} for a file path, streamed from disk. A `.xlsx` name selects Excel; other names
 * are sniffed.
 *
 * @throws DyocenseError `not_found` when the file does not exist; otherwise as {@link ingest}.
 * @example
 * const { series } = await ingestFile('data/sales.csv', { columns: { id: 'store', time: 'date', value: 'sales' } });
 */
export function ingestFile(path: string, options: IngestOptions = {}): Promise<IngestResult> {
  return ingest(fileStream(path), withFormat(path, options));
}

/** Node only: {@link openTable} for a file path (the streaming row-level API). */
export function openTableFile(path: string, options: IngestOptions = {}): Promise<Table> {
  return openTable(fileStream(path), withFormat(path, options));
}

/**
 * Node only: {@link profileTable} for a file path; what `dyocense inspect FILE` prints.
 *
 * @throws DyocenseError `not_found` when the file does not exist; otherwise as {@link profileTable}.
 */
export function profileFile(path: string, options: IngestOptions = {}): Promise<TableProfile> {
  return profileTable(fileStream(path), withFormat(path, options));
}
