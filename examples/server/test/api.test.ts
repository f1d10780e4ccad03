import { createHash, randomUUID } from 'node:crypto';
import { createPostgresDatabase, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
} from '../../../packages/core/test/db/internal/engines.js';
import { buildServer, type Role, signToken } from '../src/index.js';

const secret = 'test-secret-of-at-least-thirty-two-bytes!';
const key = new TextEncoder().encode(secret);

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', () => createPostgresTestDatabase()],
])('reference server on %s', (_engine, createDatabase) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tokens = new Map<string, string>();

  function token(tenant: string, role: Role): string {
    const found = tokens.get(`${tenant}/${role}`);
    if (found === undefined) throw new Error(`no token for ${tenant}/${role}`);
    return found;
  }

  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; body?: string; contentType?: string } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'text/csv';
      body = options.body;
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : JSON.parse(text),
      headers: response.headers,
    };
  }

  beforeAll(async () => {
    database = await createDatabase();
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(database.app.db, tenant, (trx) =>
        trx
          .insertInto('tenants')
          .values({ id: tenant, name: `tenant ${tenant}` })
          .execute(),
      );
      for (const role of ['viewer', 'analyst', 'admin'] as const) {
        tokens.set(
          `${tenant}/${role}`,
          await signToken({ secret, tenantId: tenant, role, subject: `${role}@test` }),
        );
      }
    }
    app = await buildServer({ db: database.app.db, auth: { secret } });
    url = await listen(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers the health probes and echoes a request id', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(ready.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    const response = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves an OpenAPI description listing every route with its path parameters', async () => {
    const { status, body } = await call('GET', '/v1/openapi.json');
    expect(status).toBe(200);
    const spec = body as {
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>>;
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/v1/audit-log',
      '/v1/data-sources',
      '/v1/data-sources/{id}',
      '/v1/data-sources/{id}/oauth/start',
      '/v1/data-sources/{id}/sync',
      '/v1/evidence',
      '/v1/evidence/explain',
      '/v1/evidence/graph',
      '/v1/evidence/{id}',
      '/v1/forecasts',
      '/v1/forecasts/{id}',
      '/v1/goals',
      '/v1/goals/{id}',
      '/v1/goals/{id}/archive',
      '/v1/kpis',
      '/v1/kpis/{kpi}',
      '/v1/metrics',
      '/v1/metrics/upload',
      '/v1/metrics/{metric}',
      '/v1/metrics/{metric}.csv',
      '/v1/optimizations',
      '/v1/optimizations/{id}',
      '/v1/optimizations/{id}/cancel',
      '/v1/optimizations/{id}/events',
      '/v1/retention-policy',
      '/v1/sync-runs',
      '/v1/sync-runs/{id}',
      '/v1/sync-runs/{id}/events',
      '/v1/tenant',
      '/v1/tenant/export',
      '/v1/uploads',
      '/v1/users/{id}',
      '/v1/users/{id}/export',
    ]);
    expect(spec.paths['/v1/optimizations/{id}/events']?.get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(spec.paths['/v1/forecasts/{id}']?.get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(spec.paths['/v1/metrics/{metric}']?.get?.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['metric', 'from', 'to', 'grain']),
    );
  });

  describe('authentication', () => {
    const claims = () => ({ tenant_id: tenantA, role: 'admin', sub: 'attacker' });
    const cases: [string, () => Promise<string | undefined>][] = [
      ['no token', async () => undefined],
      ['garbage', async () => 'not.a.jwt'],
      [
        'alg none',
        async () =>
          `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), iss: 'dyocense', aud: 'dyocense-api', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      ],
      [
        'expired',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-api')
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
            .sign(key),
      ],
      [
        'no exp',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-api')
            .sign(key),
      ],
      [
        'wrong audience',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('someone-else')
            .setExpirationTime('1h')
            .sign(key),
      ],
      [
        'embed audience without a metrics list',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-embed')
            .setIssuedAt()
            .setExpirationTime('15m')
            .sign(key),
      ],
      [
        'wrong issuer',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('evil')
            .setAudience('dyocense-api')
            .setExpirationTime('1h')
            .sign(key),
      ],
      [
        'wrong algorithm (HS512 with the right key)',
        () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS512' })
            .setIssuer('dyocense')
            .setAudience('dyocense-api')
            .setExpirationTime('1h')
            .sign(key),
      ],
      [
        'wrong key',
        () =>
          signToken({
            secret: 'another-secret-of-at-least-thirty-two-bytes',
            tenantId: tenantA,
            role: 'admin',
          }),
      ],
      [
        'tampered tenant claim',
        async () => {
          const [header, payload, signature] = (
            await signToken({ secret, tenantId: tenantB, role: 'viewer' })
          ).split('.');
          const changed = {
            ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
            tenant_id: tenantA,
          };
          return `${header}.${base64url(changed)}.${signature}`;
        },
      ],
      [
        'missing tenant claim',
        () =>
          new SignJWT({ role: 'admin', sub: 'x' })
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-api')
            .setExpirationTime('1h')
            .sign(key),
      ],
    ];
    it.each(cases)('refuses %s with 401', async (_name, make) => {
      const bearer = await make();
      const response = await call('GET', '/v1/metrics', bearer === undefined ? {} : { token: bearer });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('accepts a valid token', async () => {
      expect((await call('GET', '/v1/metrics', { token: token(tenantA, 'viewer') })).status).toBe(200);
    });
  });

  it('enforces roles per route', async () => {
    const points = { points: [{ metric: 'roles', ts: '2024-01-01', value: 1 }] };
    const asViewer = await call('POST', '/v1/metrics', { token: token(tenantA, 'viewer'), json: points });
    expect(asViewer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(
      (
        await call('POST', '/v1/forecasts', {
          token: token(tenantA, 'viewer'),
          json: { metric: 'x', horizon: 1 },
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', '/v1/audit-log', { token: token(tenantA, 'analyst') })).status).toBe(403);
    expect(
      (await call('POST', '/v1/metrics', { token: token(tenantA, 'analyst'), json: points })).status,
    ).toBe(201);
  });

  it('ingests JSON points idempotently and reads them by grain and range', async () => {
    const points = [
      { metric: 'revenue', ts: '2024-01-01', value: 100.5, dimensions: { store: 'north' } },
      { metric: 'revenue', ts: '2024-01-01', value: 50, dimensions: { store: 'south' } },
      { metric: 'revenue', ts: '2024-01-02', value: 10, dimensions: { store: 'north' } },
      { metric: 'revenue', ts: '2024-02-10', value: 7, dimensions: { store: 'north' } },
      { metric: 'revenue', ts: '2024-03-01', value: 1000, dimensions: { store: 'north' } },
    ];
    const first = await call('POST', '/v1/metrics', { token: token(tenantA, 'analyst'), json: { points } });
    expect(first).toMatchObject({ status: 201, body: { inserted: 5, updated: 0 } });
    const again = await call('POST', '/v1/metrics', { token: token(tenantA, 'analyst'), json: { points } });
    expect(again).toMatchObject({ status: 201, body: { inserted: 0, updated: 0 } });

    const daily = await call('GET', '/v1/metrics/revenue?from=2024-01-01&to=2024-03-01&grain=day', {
      token: token(tenantA, 'viewer'),
    });
    expect(daily).toMatchObject({
      status: 200,
      body: {
        metric: 'revenue',
        grain: 'day',
        points: [
          { ts: '2024-01-01T00:00:00.000Z', value: 150.5 },
          { ts: '2024-01-02T00:00:00.000Z', value: 10 },
          { ts: '2024-02-10T00:00:00.000Z', value: 7 },
        ],
      },
    });
    const monthly = await call('GET', '/v1/metrics/revenue?grain=month&aggregation=max', {
      token: token(tenantA, 'viewer'),
    });
    expect((monthly.body as { points: unknown[] }).points).toEqual([
      { ts: '2024-01-01T00:00:00.000Z', value: 100.5 },
      { ts: '2024-02-01T00:00:00.000Z', value: 7 },
      { ts: '2024-03-01T00:00:00.000Z', value: 1000 },
    ]);
  });

  it('rejects invalid input with 400 and the zod issues', async () => {
    const response = await call('POST', '/v1/metrics', {
      token: token(tenantA, 'analyst'),
      json: { points: [{ metric: 'revenue', ts: 'yesterday', value: 'ten' }] },
    });
    expect(response.status).toBe(400);
    const { error } = response.body as { error: { code: string; issues: { path: unknown[] }[] } };
    expect(error.code).toBe('invalid_input');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ['points', 0, 'ts'],
        ['points', 0, 'value'],
      ]),
    );
    const badGrain = await call('GET', '/v1/metrics/revenue?grain=fortnight', {
      token: token(tenantA, 'viewer'),
    });
    expect(badGrain.status).toBe(400);
  });

  it('ingests a CSV upload and names the line of a bad row', async () => {
    const csv =
      'unique_id,ds,y\nnorth/footfall,2024-01-01,3\nnorth/footfall,2024-01-02,4\nsouth/footfall,2024-01-01,5\n';
    const uploaded = await call('POST', '/v1/metrics/upload', {
      token: token(tenantA, 'analyst'),
      body: csv,
    });
    expect(uploaded).toMatchObject({ status: 201, body: { inserted: 3, updated: 0, rows: 3, series: 2 } });
    const again = await call('POST', '/v1/metrics/upload', { token: token(tenantA, 'analyst'), body: csv });
    expect(again).toMatchObject({ status: 201, body: { inserted: 0 } });
    const read = await call('GET', '/v1/metrics/footfall?grain=day', { token: token(tenantA, 'viewer') });
    expect((read.body as { points: unknown[] }).points).toEqual([
      { ts: '2024-01-01T00:00:00.000Z', value: 8 },
      { ts: '2024-01-02T00:00:00.000Z', value: 4 },
    ]);

    const bad = await call('POST', '/v1/metrics/upload', {
      token: token(tenantA, 'analyst'),
      body: 'unique_id,ds,y\nfootfall,2024-01-01,3\nfootfall,2024-01-02,abc\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'invalid_input', issues: [{ line: 3, code: 'invalid_number' }] },
    });
    // The rejected file wrote nothing.
    const after = await call('GET', '/v1/metrics/footfall?grain=day', { token: token(tenantA, 'viewer') });
    expect(after.body).toEqual(read.body);

    // The upload history lists the two accepted files (newest first), not the rejected one, and only to A.
    const named = await call('POST', '/v1/metrics/upload?filename=footfall%20week%201.csv', {
      token: token(tenantA, 'analyst'),
      body: csv,
    });
    expect(named.status).toBe(201);
    const history = await call('GET', '/v1/uploads', { token: token(tenantA, 'analyst') });
    expect(history.status).toBe(200);
    const uploads = (history.body as { uploads: Record<string, unknown>[] }).uploads;
    expect(uploads).toHaveLength(3);
    expect(uploads[0]).toMatchObject({
      uploadedBy: 'analyst@test',
      filename: 'footfall week 1.csv',
      bytes: Buffer.byteLength(csv),
      sha256: createHash('sha256').update(csv).digest('hex'),
      rows: 3,
      series: 2,
      inserted: 0,
      updated: 0,
    });
    expect(uploads[2]).toMatchObject({ filename: null, inserted: 3 });
    const otherTenant = await call('GET', '/v1/uploads', { token: token(tenantB, 'analyst') });
    expect((otherTenant.body as { uploads: unknown[] }).uploads).toEqual([]);
    expect((await call('GET', '/v1/uploads', { token: token(tenantA, 'viewer') })).status).toBe(403);
  });

  describe('forecasts and tenant isolation', () => {
    let forecastId: string;

    beforeAll(async () => {
      const start = Date.UTC(2024, 0, 1);
      const points = Array.from({ length: 56 }, (_, day) => ({
        metric: 'orders',
        ts: new Date(start + day * 86_400_000).toISOString(),
        value: 100 + (day % 7) * 10 + day,
      }));
      const ingested = await call('POST', '/v1/metrics', {
        token: token(tenantA, 'analyst'),
        json: { points },
      });
      expect(ingested.status).toBe(201);
      const created = await call('POST', '/v1/forecasts', {
        token: token(tenantA, 'analyst'),
        json: { metric: 'orders', horizon: 7, grain: 'day', model: 'snaive' },
      });
      expect(created.status).toBe(201);
      forecastId = (created.body as { id: string }).id;
    });

    it('creates, reads and lists a stored forecast', async () => {
      const read = await call('GET', `/v1/forecasts/${forecastId}`, { token: token(tenantA, 'viewer') });
      expect(read.status).toBe(200);
      const forecast = read.body as {
        id: string;
        metric: string;
        horizon: number;
        result: { points: { timestamp: string; mean: number; intervals: unknown[] }[] };
      };
      expect(forecast).toMatchObject({ id: forecastId, metric: 'orders', horizon: 7, grain: 'day' });
      expect(forecast.result.points).toHaveLength(7);
      expect(forecast.result.points[0]?.timestamp).toBe('2024-02-26');
      // Seasonal naive repeats the last week: 2024-02-26 is the same weekday as 2024-02-19 (day 49).
      expect(forecast.result.points[0]?.mean).toBe(100 + (49 % 7) * 10 + 49);
      expect(forecast.result.points[0]?.intervals).toHaveLength(2);

      const list = await call('GET', '/v1/forecasts?metric=orders', { token: token(tenantA, 'viewer') });
      expect((list.body as { forecasts: { id: string }[] }).forecasts.map((item) => item.id)).toEqual([
        forecastId,
      ]);
    });

    it('answers 422 when the metric has no data', async () => {
      const response = await call('POST', '/v1/forecasts', {
        token: token(tenantA, 'analyst'),
        json: { metric: 'nothing-here', horizon: 3 },
      });
      expect(response).toMatchObject({ status: 422, body: { error: { code: 'insufficient_data' } } });
    });

    it("answers 404 for another tenant's forecast, identical to a missing or malformed id", async () => {
      const stolen = await call('GET', `/v1/forecasts/${forecastId}`, { token: token(tenantB, 'admin') });
      const missing = await call('GET', `/v1/forecasts/${randomUUID()}`, { token: token(tenantB, 'admin') });
      const malformed = await call('GET', '/v1/forecasts/not-a-uuid', { token: token(tenantB, 'admin') });
      expect(stolen.status).toBe(404);
      expect(stolen.body).toEqual(missing.body);
      expect(malformed.status).toBe(404);
      expect(malformed.body).toEqual(missing.body);
      // Upper case spelling of the same id reaches the same row for its owner, still nothing for B.
      const upper = await call('GET', `/v1/forecasts/${forecastId.toUpperCase()}`, {
        token: token(tenantB, 'admin'),
      });
      expect(upper.body).toEqual(missing.body);
    });

    it("never shows tenant A's metrics, forecasts or audit entries to tenant B", async () => {
      const viewer = token(tenantB, 'admin');
      expect((await call('GET', '/v1/metrics/orders?grain=day', { token: viewer })).body).toEqual({
        metric: 'orders',
        grain: 'day',
        points: [],
      });
      expect((await call('GET', '/v1/metrics', { token: viewer })).body).toEqual({ metrics: [] });
      expect((await call('GET', '/v1/forecasts', { token: viewer })).body).toEqual({ forecasts: [] });
      expect(
        (
          await call('POST', '/v1/forecasts', {
            token: token(tenantB, 'analyst'),
            json: { metric: 'orders', horizon: 3 },
          })
        ).status,
      ).toBe(422);
      expect((await call('GET', '/v1/audit-log', { token: viewer })).body).toEqual({ entries: [] });

      const auditA = await call('GET', '/v1/audit-log', { token: token(tenantA, 'admin') });
      const actions = (auditA.body as { entries: { action: string }[] }).entries.map((entry) => entry.action);
      expect(actions).toContain('forecasts.create');
      expect(actions).toContain('metrics.upload');
    });
  });

  it('limits request rate and body size', async () => {
    const limited = await buildServer({
      db: database.app.db,
      auth: { secret },
      rateLimit: 2,
      bodyLimit: 1024,
    });
    const limitedUrl = await listen(limited);
    try {
      const bearer = {
        authorization: `Bearer ${token(tenantA, 'analyst')}`,
        'content-type': 'application/json',
      };
      const big = JSON.stringify({
        points: Array.from({ length: 100 }, () => ({ metric: 'm', ts: '2024-01-01', value: 1 })),
      });
      const tooLarge = await fetch(`${limitedUrl}/v1/metrics`, {
        method: 'POST',
        headers: bearer,
        body: big,
      });
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      const second = await fetch(`${limitedUrl}/v1/metrics`, { headers: bearer });
      expect(second.status).toBe(200);
      const third = await fetch(`${limitedUrl}/v1/metrics`, { headers: bearer });
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ error: { code: 'rate_limited' } });
      // Probes stay outside the limit so orchestrators never see a throttled health check.
      expect((await fetch(`${limitedUrl}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('reference server without its database', () => {
  it('answers 503 on readiness and API routes while PostgreSQL is unreachable, and stays alive', async () => {
    // Port 1 on loopback: nothing listens, so every connection attempt is refused at once.
    const unreachable = createPostgresDatabase({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const app = await buildServer({ db: unreachable.db, auth: { secret } });
    const base = await listen(app);
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const bearer = await signToken({ secret, tenantId: randomUUID(), role: 'viewer' });
      const response = await fetch(`${base}/v1/metrics`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
