import iconv from 'iconv-lite';
import { DyocenseError } from '../../errors/index.js';
import type { TextEncoding } from '../source-format.js';

/** Picks the encoding from a byte-order mark, falling back to `requested` (or UTF-8 for `'auto'`). */
export function detectEncoding(head: Uint8Array, requested: TextEncoding | 'auto'): TextEncoding {
  if (requested !== 'auto') return requested;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function createDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'latin1' || encoding === 'windows-1252') {
    const decoder = iconv.getDecoder(encoding === 'latin1' ? 'iso-8859-1' : 'windows-1252');
    return {
      write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
      end: () => decoder.end() ?? '',
    };
  }
  // TextDecoder strips a leading BOM of its own encoding (ignoreBOM: false).
  const decoder = new TextDecoder(encoding, { fatal: true });
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/** Bytes a UTF-8 sequence starting with `lead` needs in all, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The range the byte after `lead` must fall in (overlong forms, surrogates and code points above U+10FFFF excluded). */
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * Index of the first byte of the first invalid UTF-8 sequence in `bytes` (WHATWG rules, as `TextDecoder`
 * applies them), or -1. A sequence cut off by the end of `bytes` is invalid only when `final`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length = sequenceLength(lead);
    if (length === 0) return index;
    if (length === 1) {
      index++;
      continue;
    }
    for (let offset = 1; offset < length; offset++) {
      if (index + offset >= bytes.length) return final ? index : -1;
      const [low, high] = offset === 1 ? secondByteRange(lead) : ([0x80, 0xbf] as const);
      const byte = bytes[index + offset] as number;
      if (byte < low || byte > high) return index;
    }
    index += length;
  }
  return -1;
}

/** Trailing bytes of `bytes` that start a UTF-8 sequence the chunk does not finish (0 to 3 bytes). */
function unfinishedTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

/** Counts physical line breaks (`\r\n`, `\n` or a lone `\r`) across chunks. */
class LineBreakCounter {
  count = 0;
  #pendingCr = false;

  add(bytes: Uint8Array, end = bytes.length): void {
    for (let index = 0; index < end; index++) {
      const byte = bytes[index];
      if (byte === 0x0a) {
        if (!this.#pendingCr) this.count++;
        this.#pendingCr = false;
      } else {
        if (this.#pendingCr) this.#pendingCr = false;
        if (byte === 0x0d) {
          this.count++;
          this.#pendingCr = true;
        }
      }
    }
  }
}

/**
 * Decodes a chunk stream to text. String chunks pass through (a leading BOM is dropped). Invalid bytes for
 * the encoding fail with `invalid_input` suggesting the `encoding` option; for UTF-8 the error names the
 * physical line and the 0-based byte offset of the first bad byte (an issue with `line` and code
 * `invalid_encoding`, `details.byteOffset`), so a 50 MB file with one stray byte can be fixed.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  const locate = encoding === 'utf-8';
  const lines = new LineBreakCounter();
  let first = true;
  let bytesSeen = 0;
  // Bytes of an unfinished UTF-8 sequence at the end of the data so far, which the decoder still holds.
  let tail: Uint8Array = new Uint8Array(0);

  /** The error for undecodable bytes in `chunk` (`undefined`: the data ended inside a character). */
  const invalidText = (error: unknown, chunk: Uint8Array | undefined): DyocenseError => {
    const where = chunk === undefined ? -1 : firstInvalidUtf8(Buffer.concat([tail, chunk]), false);
    if (!locate || (chunk !== undefined && where < 0)) {
      return new DyocenseError({
        code: 'invalid_input',
        message: `The file is not valid ${encoding} (near byte ${bytesSeen}); pass the encoding option, e.g. encoding: 'windows-1252'`,
        cause: error,
      });
    }
    // Negative when the bad sequence began in the previous chunk's unfinished tail.
    const inChunk = chunk === undefined ? -tail.length : where - tail.length;
    const byteOffset = bytesSeen + inChunk;
    if (chunk !== undefined && inChunk > 0) lines.add(chunk, inChunk);
    const line = lines.count + 1;
    const bad = chunk === undefined || inChunk < 0 ? tail[tail.length + inChunk] : chunk[inChunk];
    const reason =
      chunk === undefined
        ? `the file ends inside a character that starts at byte offset ${byteOffset}`
        : `invalid byte sequence starting with 0x${(bad ?? 0).toString(16).toUpperCase().padStart(2, '0')} at byte offset ${byteOffset}`;
    return new DyocenseError({
      code: 'invalid_input',
      message: `The file is not valid utf-8 at line ${line}: ${reason}; pass the encoding option, e.g. encoding: 'windows-1252'`,
      issues: [{ path: [], message: reason, code: 'invalid_encoding', line }],
      details: { byteOffset },
      cause: error,
    });
  };

  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      try {
        text = decoder.write(chunk);
      } catch (error) {
        throw invalidText(error, chunk);
      }
      bytesSeen += chunk.length;
      if (locate) {
        lines.add(chunk);
        const joined = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
        tail = joined.slice(joined.length - unfinishedTail(joined));
      }
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield text;
  }
  let rest: string;
  try {
    rest = decoder.end();
  } catch (error) {
    throw invalidText(error, undefined);
  }
  if (rest.length > 0) yield first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
}
