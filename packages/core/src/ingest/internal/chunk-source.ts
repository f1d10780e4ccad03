import { DyocenseError } from '../../errors/index.js';
import type { IngestSource } from '../source-format.js';

function isReadableStream(source: unknown): source is ReadableStream<Uint8Array | string> {
  return (
    typeof source === 'object' && source !== null && typeof Reflect.get(source, 'getReader') === 'function'
  );
}

function isAsyncIterable(source: unknown): source is AsyncIterable<unknown> {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof Reflect.get(source, Symbol.asyncIterator) === 'function'
  );
}

function toChunk(chunk: unknown): Uint8Array | string {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new DyocenseError({
    code: 'invalid_input',
    message: `Expected the source to yield strings or bytes, got ${chunk === null ? 'null' : typeof chunk}`,
  });
}

async function* fromReadableStream(
  stream: ReadableStream<Uint8Array | string>,
): AsyncGenerator<Uint8Array | string> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield toChunk(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** Normalises any {@link IngestSource} to an async generator of chunks. */
export async function* toChunks(source: IngestSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
    return;
  }
  if (isReadableStream(source)) {
    yield* fromReadableStream(source);
    return;
  }
  if (isAsyncIterable(source)) {
    for await (const chunk of source) yield toChunk(chunk);
    return;
  }
  throw new DyocenseError({
    code: 'invalid_input',
    message: 'Expected a string, bytes, an async iterable of chunks or a ReadableStream as the source',
  });
}

/** An async chunk iterator that lets the caller look at the start of the data before consuming it. */
export class PeekableChunks {
  readonly #iterator: AsyncGenerator<Uint8Array | string>;
  readonly #buffered: (Uint8Array | string)[] = [];
  #done = false;

  constructor(source: IngestSource) {
    this.#iterator = toChunks(source);
  }

  /** The first `byteCount` bytes (fewer at the end of data), or `undefined` when the source yields text. */
  async peekBytes(byteCount: number): Promise<Uint8Array | undefined> {
    let total = 0;
    for (const chunk of this.#buffered) {
      if (typeof chunk === 'string') return undefined;
      total += chunk.length;
    }
    while (total < byteCount && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#done = true;
        break;
      }
      if (next.value.length === 0) continue;
      this.#buffered.push(next.value);
      if (typeof next.value === 'string') return undefined;
      total += next.value.length;
    }
    const first = this.#buffered[0];
    if (first === undefined) return new Uint8Array(0);
    if (typeof first === 'string') return undefined;
    const out = new Uint8Array(Math.min(byteCount, total));
    let offset = 0;
    for (const chunk of this.#buffered) {
      if (typeof chunk === 'string' || offset >= out.length) break;
      const part = chunk.subarray(0, out.length - offset);
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  /** Every chunk, starting with the peeked ones. */
  async *chunks(): AsyncGenerator<Uint8Array | string> {
    try {
      while (this.#buffered.length > 0) {
        const chunk = this.#buffered.shift();
        if (chunk !== undefined) yield chunk;
      }
      if (this.#done) return;
      for (;;) {
        const next = await this.#iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await this.#iterator.return(undefined);
    }
  }

  /** Collects every byte, failing with `invalid_input` beyond `maxBytes`. */
  async readAll(maxBytes: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.chunks()) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `The file is larger than the ${maxBytes}-byte limit (limits.maxFileBytes)`,
        });
      }
      parts.push(bytes);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
