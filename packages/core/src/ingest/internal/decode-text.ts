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

/**
 * Decodes a chunk stream to text. String chunks pass through (a leading BOM is dropped). Invalid bytes for
 * the encoding fail with `invalid_input` suggesting the `encoding` option.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  let first = true;
  let bytesSeen = 0;
  const decode = (step: () => string): string => {
    try {
      return step();
    } catch (error) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The file is not valid ${encoding} (near byte ${bytesSeen}); pass the encoding option, e.g. encoding: 'windows-1252'`,
        cause: error,
      });
    }
  };
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      text = decode(() => decoder.write(chunk));
      bytesSeen += chunk.length;
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield text;
  }
  const rest = decode(() => decoder.end());
  if (rest.length > 0) yield first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
}
