import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase } from '../../../packages/core/test/db/internal/engines.js';
import { engines, ingest, startTestServer, type TestServer } from './harness.js';
import { parsePrometheusText, type Sample, sampleValue } from './support/prometheus-text.js';

async function scrape(server: TestServer, token?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, text: await response.text() };
}

async function samples(server: TestServer): Promise<Sample[]> {
  const { status, text } = await scrape(server);
  expect(status).toBe(200);
  return parsePrometheusText(text);
}

function days(metric: string, count: number) {
  return Array.from({ length: count }, (_, day) => ({
    metric,
    ts: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(),
    value: 100 + (day % 7) * 10 + day,
  }));
}

describe('Prometheus metrics on PGlite', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(createPgliteTestDatabase);
    await ingest(server, server.tenantA, [...days('revenue', 60), ...days('orders', 60)]);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('counts requests per route pattern, never per raw URL or tenant', async () => {
    const viewer = server.token(server.tenantA, 'viewer');
    const route = { method: 'GET', route: '/v1/metrics/:metric', status_code: '200' };
    const before = sampleValue(await samples(server), 'dyocense_http_requests_total', route) ?? 0;
    for (let index = 0; index < 7; index += 1) {
      const metric = index % 2 === 0 ? 'revenue' : 'orders';
      const answer = await server.call('GET', `/v1/metrics/${metric}?grain=week`, { token: viewer });
      expect(answer.status).toBe(200);
    }
    const { text } = await scrape(server);
    const after = parsePrometheusText(text);
    expect(sampleValue(after, 'dyocense_http_requests_total', route)).toBe(before + 7);
    expect(sampleValue(after, 'dyocense_http_request_duration_seconds_count', route)).toBe(before + 7);
    expect(
      sampleValue(after, 'dyocense_http_request_duration_seconds_bucket', { ...route, le: '+Inf' }),
    ).toBe(before + 7);
    expect(sampleValue(after, 'dyocense_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    // Buckets are cumulative: never decreasing, and the last is the count.
    const buckets = after
      .filter(
        (sample) =>
          sample.name === 'dyocense_http_request_duration_seconds_bucket' &&
          sample.labels.route === route.route &&
          sample.labels.status_code === '200',
      )
      .map((sample) => sample.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(text).not.toContain('/v1/metrics/revenue');
    expect(text).not.toContain(server.tenantA);
  });

  it('labels a rejected request by its route and status, and unknown paths as unmatched', async () => {
    expect((await server.call('GET', '/v1/metrics/revenue')).status).toBe(401);
    expect((await server.call('GET', '/no/such/path/123')).status).toBe(404);
    const after = await samples(server);
    expect(
      sampleValue(after, 'dyocense_http_requests_total', {
        method: 'GET',
        route: '/v1/metrics/:metric',
        status_code: '401',
      }),
    ).toBe(1);
    expect(
      sampleValue(after, 'dyocense_http_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    expect(after.some((sample) => Object.values(sample.labels).includes('/no/such/path/123'))).toBe(false);
  });

  it('counts ingested points as inserted, then as nothing when the same points are sent again', async () => {
    const before = await samples(server);
    const inserted =
      sampleValue(before, 'dyocense_metric_points_ingested_total', { result: 'inserted' }) ?? 0;
    await ingest(server, server.tenantA, days('visits', 12));
    const once = await samples(server);
    expect(sampleValue(once, 'dyocense_metric_points_ingested_total', { result: 'inserted' })).toBe(
      inserted + 12,
    );
    await ingest(server, server.tenantA, days('visits', 12));
    const twice = await samples(server);
    expect(sampleValue(twice, 'dyocense_metric_points_ingested_total', { result: 'inserted' })).toBe(
      inserted + 12,
    );
  });

  it('times a forecast run as a forecast engine run and counts the stored forecast', async () => {
    const before = await samples(server);
    const runs = { engine: 'forecast', outcome: 'succeeded' };
    const countBefore = sampleValue(before, 'dyocense_engine_run_duration_seconds_count', runs) ?? 0;
    const created = await server.call('POST', '/v1/forecasts', {
      token: server.token(server.tenantA, 'analyst'),
      json: { metric: 'orders', horizon: 7, grain: 'day', model: 'snaive' },
    });
    expect(created.status).toBe(201);
    const after = await samples(server);
    expect(sampleValue(after, 'dyocense_engine_run_duration_seconds_count', runs)).toBe(countBefore + 1);
    expect(sampleValue(after, 'dyocense_engine_run_duration_seconds_sum', runs)).toBeGreaterThan(
      sampleValue(before, 'dyocense_engine_run_duration_seconds_sum', runs) ?? 0,
    );
    expect(sampleValue(after, 'dyocense_forecasts_created_total')).toBe(
      (sampleValue(before, 'dyocense_forecasts_created_total') ?? 0) + 1,
    );
  });

  it('counts a finished optimisation run as a job outcome and times its solve', async () => {
    const before = await samples(server);
    const job = { kind: 'optimization', outcome: 'succeeded' };
    const solved = await server.call('POST', '/v1/optimizations?wait=true', {
      token: server.token(server.tenantA, 'analyst'),
      json: {
        kind: 'inventory',
        input: { model: 'eoq', annualDemand: 1200, orderCost: 100, holdingCost: 6 },
      },
    });
    expect((solved.body as { status: string }).status).toBe('succeeded');
    const after = await samples(server);
    expect(sampleValue(after, 'dyocense_job_runs_total', job)).toBe(
      (sampleValue(before, 'dyocense_job_runs_total', job) ?? 0) + 1,
    );
    const solves = { engine: 'optimization', outcome: 'succeeded' };
    expect(sampleValue(after, 'dyocense_engine_run_duration_seconds_count', solves)).toBe(
      (sampleValue(before, 'dyocense_engine_run_duration_seconds_count', solves) ?? 0) + 1,
    );
  });

  it('times an evidence analysis as an evidence engine run', async () => {
    const runs = { engine: 'evidence', outcome: 'succeeded' };
    const before =
      sampleValue(await samples(server), 'dyocense_engine_run_duration_seconds_count', runs) ?? 0;
    const graph = await server.call('POST', '/v1/evidence/graph', {
      token: server.token(server.tenantA, 'analyst'),
      json: { metrics: ['revenue', 'orders'], grain: 'day', maxLag: 3 },
    });
    expect(graph.status).toBe(201);
    const after = await samples(server);
    expect(sampleValue(after, 'dyocense_engine_run_duration_seconds_count', runs)).toBe(before + 1);
  });

  it('exports process health: event loop lag, CPU and memory', async () => {
    const after = await samples(server);
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(sampleValue(after, name)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe.each(engines)('database query durations on %s', (_engine, createDatabase) => {
  let server: TestServer;

  beforeAll(async () => {
    // No read cache: every read reaches the database.
    server = await startTestServer(createDatabase, { readCacheBytes: 0 });
    await ingest(server, server.tenantA, days('revenue', 30));
  });

  afterAll(async () => {
    await server?.close();
  });

  function total(all: readonly Sample[], name: string): number {
    return all.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
  }

  it('records the queries of a database-touching request', async () => {
    const before = await samples(server);
    const answer = await server.call('GET', '/v1/metrics/revenue?grain=day', {
      token: server.token(server.tenantA, 'viewer'),
    });
    expect(answer.status).toBe(200);
    expect((answer.body as { points: unknown[] }).points).toHaveLength(30);
    const after = await samples(server);
    // The read is one raw SQL statement (tenant setting included); the tenant lookup is cached by then.
    const queries = 'dyocense_db_query_duration_seconds_count';
    expect(total(after, queries) - total(before, queries)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, queries, { operation: 'raw' })).toBeGreaterThan(
      sampleValue(before, queries, { operation: 'raw' }) ?? 0,
    );
    const seconds = 'dyocense_db_query_duration_seconds_sum';
    expect(total(after, seconds)).toBeGreaterThan(total(before, seconds));
    // No query label but the statement kind.
    expect(
      new Set(
        after.filter((sample) => sample.name === queries).flatMap((sample) => Object.keys(sample.labels)),
      ),
    ).toEqual(new Set(['operation']));
  });
});

describe('the metrics token', () => {
  let server: TestServer;
  const token = 'scrape-token-0123456789abcdef';

  beforeAll(async () => {
    server = await startTestServer(createPgliteTestDatabase, { metricsToken: token });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('refuses a scrape without the token or with another one, and serves the one with it', async () => {
    const anonymous = await scrape(server);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('dyocense_http_requests_total');
    expect((await scrape(server, `${token}x`)).status).toBe(401);
    const scraped = await scrape(server, token);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('# TYPE dyocense_http_requests_total counter');
  });
});

describe('the Grafana dashboard', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(createPgliteTestDatabase);
    // One request of each kind, so every histogram has a series.
    expect((await server.call('GET', '/healthz')).status).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('queries only metrics the server exports, and labels no tenant', async () => {
    const dashboard = readFileSync(new URL('../grafana/dyocense-server.json', import.meta.url), 'utf8');
    const expressions = [...dashboard.matchAll(/"expr":\s*"((?:[^"\\]|\\.)*)"/g)].map((match) =>
      JSON.parse(`"${match[1]}"`),
    ) as string[];
    expect(expressions.length).toBeGreaterThanOrEqual(10);
    const used = new Set(
      expressions.flatMap((expression) => expression.match(/\b(?:dyocense|nodejs|process)_\w+/g) ?? []),
    );
    const exported = new Set((await samples(server)).map((sample) => sample.name));
    const missing = [...used].filter((name) => !exported.has(name));
    expect(missing).toEqual([]);
    for (const name of [
      'dyocense_http_requests_total',
      'dyocense_http_request_duration_seconds_bucket',
      'dyocense_db_query_duration_seconds_bucket',
      'nodejs_eventloop_lag_p99_seconds',
      'dyocense_job_runs_total',
      'dyocense_metric_points_ingested_total',
      'dyocense_forecasts_created_total',
    ]) {
      expect(used).toContain(name);
    }
    expect(expressions.filter((expression) => /tenant/i.test(expression))).toEqual([]);
  });
});
