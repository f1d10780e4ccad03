import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../src/index.js';
import { engines, ingest, startTestServer, type TestServer } from './harness.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
}

interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

/** An OTLP/HTTP receiver on loopback accepting the JSON encoding at `/v1/traces`, as a collector does. */
async function startOtlpReceiver(): Promise<{ url: string; exports: OtlpExport[]; server: Server }> {
  const exports: OtlpExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      if (!String(request.headers['content-type']).startsWith('application/json')) {
        response.writeHead(415).end();
        return;
      }
      exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, exports, server };
}

function attribute(span: OtlpSpan, key: string): string | number | boolean | undefined {
  const found = span.attributes.find((entry) => entry.key === key)?.value;
  return found?.stringValue ?? found?.intValue ?? found?.boolValue;
}

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: Tracing;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Started after the server's modules (pg among them) were imported by this file, as `dyocense serve` does.
  const started = startTracing({ endpoint: receiver.url, serviceName: 'dyocense-test' });
  if (started === undefined) throw new Error('tracing did not start');
  tracing = started;
});

afterAll(async () => {
  await tracing?.shutdown();
  await new Promise((resolve) => receiver?.server.close(resolve));
});

describe.each(engines)('OpenTelemetry tracing on %s', (_engine, createDatabase) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(createDatabase, { tracing, readCacheBytes: 0 });
    await ingest(server, server.tenantA, [{ metric: 'revenue', ts: '2026-01-01T00:00:00Z', value: 5 }]);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('exports a request as an HTTP route span and its pg query spans in one trace', async () => {
    await tracing.flush();
    receiver.exports.length = 0;
    const answer = await server.call('GET', '/v1/metrics/revenue?grain=day', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(answer.status).toBe(200);
    await tracing.flush();

    const spans = receiver.exports.flatMap((batch) =>
      batch.resourceSpans.flatMap((resource) => {
        const service = resource.resource.attributes.find((entry) => entry.key === 'service.name');
        expect(service?.value.stringValue).toBe('dyocense-test');
        return resource.scopeSpans.flatMap((scope) => scope.spans);
      }),
    );
    const routeSpans = spans.filter(
      (span) =>
        attribute(span, 'http.route') === '/v1/metrics/:metric' &&
        String(attribute(span, 'url.path') ?? '').startsWith('/v1/metrics/revenue'),
    );
    expect(routeSpans.length).toBeGreaterThanOrEqual(1);
    const traceId = routeSpans[0]?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(routeSpans.every((span) => span.traceId === traceId)).toBe(true);
    const inTrace = spans.filter((span) => span.traceId === traceId);
    // The server span (kind 2) is named by the route pattern, not the raw URL.
    const serverSpan = inTrace.find((span) => span.kind === 2);
    expect(serverSpan?.name).toBe('GET /v1/metrics/:metric');
    const queries = inTrace.filter(
      (span) => (attribute(span, 'db.system.name') ?? attribute(span, 'db.system')) === 'postgresql',
    );
    expect(queries.length).toBeGreaterThanOrEqual(1);
    const statements = queries.map((span) =>
      String(attribute(span, 'db.query.text') ?? attribute(span, 'db.statement')),
    );
    expect(statements.some((text) => text.includes('metric'))).toBe(true);
    // Each query span hangs, through its parents, from the server span.
    const byId = new Map(inTrace.map((span) => [span.spanId, span]));
    for (const query of queries) {
      let current: OtlpSpan | undefined = query;
      while (current?.parentSpanId) current = byId.get(current.parentSpanId);
      expect(current?.spanId).toBe(serverSpan?.spanId);
    }
  });
});
