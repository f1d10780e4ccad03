import type { FastifyInstance } from 'fastify';

/** Starts `app` on a free loopback port and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

/** An answer as the tests look at it: JSON bodies parsed, anything else as text, and the elapsed time. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
  /** Milliseconds from sending the request to the end of the body. */
  readonly elapsedMs: number;
}

/** Options of {@link call}. */
export interface CallOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
}

/** Sends one request with `fetch` and reads the whole answer. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'text/csv';
    body = options.body;
  }
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    body: isJson && text !== '' ? JSON.parse(text) : text,
    text,
    headers: response.headers,
    elapsedMs,
  };
}
