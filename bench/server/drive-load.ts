import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { emptyTally, type ResponseTally } from './bench-data.js';

/** Options of {@link driveLoad}. */
export interface LoadOptions {
  readonly url: string;
  /** Request path (with query). */
  readonly path: string;
  /** One viewer token per tenant; tenant `i` uses `tokens[i]`. */
  readonly tokens: readonly string[];
  readonly connections: number;
  readonly seconds: number;
  /** Checks one response of tenant `index` into `tally`. */
  readonly check: (tally: ResponseTally, status: number, body: string, index: number) => void;
}

/** What one autocannon run measured, with every response checked against its tenant. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly total: number;
  readonly errors: number;
  readonly tally: ResponseTally;
  /** 1-minute load average at the end of the run. */
  readonly loadAverage: number;
}

/**
 * Drives `GET path` with autocannon (pipelining 1, so each connection has one request in flight), tenants
 * round-robin across requests. Each connection remembers the tenant of its request in flight, and every
 * response body is checked against that tenant's planted values.
 */
export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const tally = emptyTally();
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    requests: [
      {
        method: 'GET',
        path: options.path,
        setupRequest: (request, context) => {
          const tenant = next % options.tokens.length;
          next += 1;
          (context as { tenant?: number }).tenant = tenant;
          return { ...request, headers: { authorization: `Bearer ${options.tokens[tenant]}` } };
        },
        onResponse: (status, body, context) => {
          options.check(tally, status, body, (context as { tenant: number }).tenant);
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    tally,
    loadAverage: loadavg()[0] ?? 0,
  };
}
