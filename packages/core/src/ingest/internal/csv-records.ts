import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { DyocenseError } from '../../errors/index.js';
import type { Delimiter, TextEncoding } from '../source-format.js';
import type { PeekableChunks } from './chunk-source.js';
import { decodeChunks, detectEncoding } from './decode-text.js';
import type { RawRecord } from './raw-record.js';
import { sniffDelimiter } from './sniff-delimiter.js';

/** Options of {@link openCsvRecords}. */
export interface CsvRecordOptions {
  readonly encoding: TextEncoding | 'auto';
  readonly delimiter: Delimiter | 'auto';
  /** Longest record accepted, in characters (a guard against an unclosed quote swallowing the file). */
  readonly maxRecordChars: number;
}

/** A CSV stream after encoding and delimiter detection. */
export interface CsvRecords {
  readonly encoding: TextEncoding;
  readonly bom: boolean;
  readonly delimiter: Delimiter;
  readonly records: AsyncGenerator<RawRecord>;
}

const sniffChars = 64 * 1024;
const sniffLineBreaks = 50;

function lineBreaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    for (let index = 0; index < cell.length; index++) {
      const code = cell.charCodeAt(index);
      if (code === 10) breaks++;
      else if (code === 13 && cell.charCodeAt(index + 1) !== 10) breaks++;
    }
  }
  return breaks;
}

function countLineBreaks(text: string): number {
  let breaks = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) breaks++;
  return breaks;
}

function toDyocenseError(error: unknown, recordLine: number): unknown {
  if (DyocenseError.isInstance(error)) return error;
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    // The failing record starts where the last good one ended; csv-parse's own count points at its end.
    const line = recordLine;
    const reason =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field that starts on this line is never closed'
        : code === 'CSV_MAX_RECORD_SIZE'
          ? 'a record is longer than the size limit (an unclosed quote?)'
          : String((error as Error).message);
    return new DyocenseError({
      code: 'invalid_input',
      message: `Malformed CSV at line ${line}: ${reason}`,
      issues: [{ path: [], message: reason, code: 'malformed_csv', line }],
      cause: error,
    });
  }
  return error;
}

/**
 * Decodes and parses CSV into records that carry their physical start line: one more than the line breaks
 * before it, counting the terminator of each record and the breaks inside its quoted fields.
 */
export async function openCsvRecords(chunks: PeekableChunks, options: CsvRecordOptions): Promise<CsvRecords> {
  const head = await chunks.peekBytes(4);
  const encoding = head === undefined ? 'utf-8' : detectEncoding(head, options.encoding);
  const bom =
    head !== undefined &&
    ((head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) ||
      (head[0] === 0xff && head[1] === 0xfe) ||
      (head[0] === 0xfe && head[1] === 0xff));
  const texts = decodeChunks(chunks.chunks(), encoding);
  const prefix: string[] = [];
  let complete = false;
  if (options.delimiter === 'auto') {
    let length = 0;
    let breaks = 0;
    while (length < sniffChars && breaks < sniffLineBreaks) {
      const next = await texts.next();
      if (next.done === true) {
        complete = true;
        break;
      }
      prefix.push(next.value);
      length += next.value.length;
      breaks += countLineBreaks(next.value);
    }
  }
  const delimiter =
    options.delimiter === 'auto' ? sniffDelimiter(prefix.join(''), complete) : options.delimiter;

  async function* allText(): AsyncGenerator<string> {
    yield* prefix;
    if (!complete) yield* texts;
  }

  async function* records(): AsyncGenerator<RawRecord> {
    // Empty lines come through as [''] records (skipped later as blank) so that counting line breaks
    // gives physical line numbers without csv-parse's per-record info objects, which cost half its speed.
    const parser = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: options.maxRecordChars,
    });
    // Records are taken from 'data' events rather than the stream's async iterator: an error destroys the
    // stream and the iterator would drop records parsed before it, losing the line count.
    let queue: string[][] = [];
    let failure: unknown;
    let ended = false;
    let wake: (() => void) | undefined;
    parser.on('data', (record: string[]) => {
      queue.push(record);
      if (queue.length >= 4096) parser.pause();
      wake?.();
    });
    parser.on('error', (error: unknown) => {
      failure ??= error;
      wake?.();
    });
    parser.on('end', () => {
      ended = true;
      wake?.();
    });
    const feeding = pipeline(Readable.from(allText()), parser).catch((error: unknown) => {
      failure ??= error;
      wake?.();
    });
    let line = 1;
    try {
      for (;;) {
        const batch = queue;
        queue = [];
        for (const cells of batch) {
          yield { line, cells };
          line += 1 + lineBreaksIn(cells);
        }
        if (queue.length > 0) continue;
        if (failure !== undefined) throw toDyocenseError(failure, line);
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          parser.resume();
        });
        wake = undefined;
      }
    } finally {
      parser.destroy();
      await feeding;
    }
  }

  return { encoding, bom, delimiter, records: records() };
}
