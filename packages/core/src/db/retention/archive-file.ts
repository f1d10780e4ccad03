import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { DyocenseError } from '../../errors/index.js';
import { type ArchivedPoint, archiveChecksum } from './archive-points.js';

// ts as INT64 TIMESTAMP(MICROS, UTC): exact to PostgreSQL's precision and read as a timestamp by other tools
// (DuckDB, pandas). Dimensions as JSON text in a UTF-8 string column (the writer's JSON type would encode it
// again); every column required.
const schema = [
  { name: 'root', num_children: 4 },
  {
    name: 'ts',
    type: 'INT64' as const,
    repetition_type: 'REQUIRED' as const,
    logical_type: { type: 'TIMESTAMP' as const, isAdjustedToUTC: true, unit: 'MICROS' as const },
  },
  {
    name: 'series_key',
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: 'REQUIRED' as const,
  },
  { name: 'value', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
  {
    name: 'dimensions',
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: 'REQUIRED' as const,
  },
];

/** Encodes points as one Parquet file (snappy, one row group up to 1M rows). */
export function encodeArchive(points: readonly ArchivedPoint[]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'ts', data: points.map((point) => point.tsMicros) },
      { name: 'series_key', data: points.map((point) => point.seriesKey) },
      { name: 'value', data: Float64Array.from(points, (point) => point.value) },
      { name: 'dimensions', data: points.map((point) => point.dimensions) },
    ],
    schema,
    rowGroupSize: 1_000_000,
    createdBy: 'dyocense retention',
  });
  return new Uint8Array(buffer);
}

/** Decodes a file written by {@link encodeArchive}, in file order. */
export async function decodeArchive(bytes: Uint8Array): Promise<ArchivedPoint[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({
    file,
    parsers: { timestampFromMicroseconds: (micros: bigint) => micros },
  });
  return rows.map((row) => ({
    tsMicros: row.ts as bigint,
    seriesKey: row.series_key as string,
    value: row.value as number,
    dimensions: row.dimensions as string,
  }));
}

/** Reads and decodes an archive file. @throws DyocenseError `internal` when it is missing or unreadable. */
export async function readArchiveFile(path: string): Promise<ArchivedPoint[]> {
  try {
    return await decodeArchive(await readFile(path));
  } catch (error) {
    throw new DyocenseError({
      code: 'internal',
      message: `Archived metric points could not be read from ${path}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
      details: { path },
    });
  }
}

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `points` to `path` durably and proves it: the bytes go to a temporary file beside it, are fsynced, renamed
 * into place (the directory fsynced too), then read back from disk and compared by row count and
 * {@link archiveChecksum}. Creates no directory: the caller does. On any failure nothing is left at `path`.
 *
 * @returns the checksum of the points.
 * @throws DyocenseError `internal` when writing fails or the file read back differs.
 */
export async function writeArchiveFile(path: string, points: readonly ArchivedPoint[]): Promise<string> {
  const expected = archiveChecksum(points);
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(encodeArchive(points));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await fsyncDirectory(dirname(path));
    const back = await decodeArchive(await readFile(path));
    const checksum = archiveChecksum(back);
    if (back.length !== points.length || checksum !== expected) {
      throw new Error(
        `read back ${back.length} points (checksum ${checksum}), wrote ${points.length} (${expected})`,
      );
    }
    return expected;
  } catch (error) {
    await rm(temporary, { force: true });
    await rm(path, { force: true });
    throw new DyocenseError({
      code: 'internal',
      message: `Archiving metric points to ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
      details: { path },
    });
  }
}
