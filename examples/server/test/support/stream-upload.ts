import { request } from 'node:http';

/** What {@link streamUpload} saw. */
export interface StreamedUploadResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Bytes the client managed to hand to its socket before the server answered or hung up. */
  readonly bytesWritten: number;
  readonly elapsedMs: number;
}

/**
 * POSTs `totalBytes` of generated CSV lines without ever holding them: one 1 MiB block is written again and
 * again, respecting backpressure, until the server answers, closes the connection, or all bytes are sent.
 * With `declareLength` the request carries `Content-Length`, otherwise it is sent chunked.
 */
export function streamUpload(
  url: string,
  options: { token: string; totalBytes: number; declareLength: boolean },
): Promise<StreamedUploadResult> {
  const line = 'store-1/revenue,2024-01-01,123.45\n';
  const block = Buffer.from(line.repeat(Math.floor(2 ** 20 / line.length)));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let bytesWritten = 0;
    let answered = false;
    const client = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'text/csv',
        ...(options.declareLength ? { 'content-length': String(options.totalBytes) } : {}),
      },
    });
    client.on('response', (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        // The rest of the body will never be sent: drop the connection rather than leave the request open.
        client.destroy();
        const text = Buffer.concat(parts).toString();
        resolve({
          status: response.statusCode ?? 0,
          body: text === '' ? undefined : JSON.parse(text),
          headers: response.headers,
          bytesWritten,
          elapsedMs: performance.now() - started,
        });
      });
    });
    // Writing after the server closed its side fails (EPIPE, ECONNRESET): expected once the answer is in.
    client.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = async () => {
      const header = 'unique_id,ds,y\n';
      client.write(header);
      bytesWritten = header.length;
      while (bytesWritten < options.totalBytes && !answered && !client.destroyed) {
        const size = Math.min(block.length, options.totalBytes - bytesWritten);
        const writable = client.write(size === block.length ? block : block.subarray(0, size));
        bytesWritten += size;
        if (!writable) {
          await new Promise<void>((resume) => {
            const done = () => {
              client.off('drain', done);
              client.off('close', done);
              resume();
            };
            client.once('drain', done);
            client.once('close', done);
          });
        }
      }
      if (!answered && !client.destroyed) client.end();
    };
    pump().catch(reject);
  });
}
