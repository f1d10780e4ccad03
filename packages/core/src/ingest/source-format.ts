/**
 * Where a table comes from: the whole text or bytes, an async iterable of chunks (a Node `Readable` is one),
 * or a web `ReadableStream`. A string is the file's text, never a path (see `ingestFile` for paths).
 */
export type IngestSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array | string>;

/** Text encodings the CSV reader understands. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'windows-1252';

/** CSV field delimiters the reader detects or accepts. */
export type Delimiter = ',' | ';' | '\t' | '|';
