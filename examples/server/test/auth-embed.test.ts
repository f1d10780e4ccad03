import { randomUUID } from 'node:crypto';
import { type DyocenseDatabase, openPgliteDatabase, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, createTenant, signToken } from '../src/index.js';
import { createTenantLookup } from '../src/known-tenants.js';

const secret = 'embed-test-secret-of-at-least-32-bytes!';
const key = new TextEncoder().encode(secret);

/** The parts of the answers these tests read. */
interface Answer {
  readonly error: { readonly code: string; readonly message: string; readonly issues: unknown[] };
  readonly metrics: { readonly metric: string }[];
  readonly points: unknown[];
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
}

describe('embed tokens and tenant existence', () => {
  let database: DyocenseDatabase;
  let app: FastifyInstance;
  let url: string;
  let tenant: string;
  let analyst: string;
  let viewer: string;
  let embed: string;

  async function call(method: string, path: string, token?: string, json?: unknown) {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Answer };
  }

  function embedClaims(overrides: Record<string, unknown> = {}) {
    return { tenant_id: tenant, role: 'viewer', metrics: ['revenue'], ...overrides };
  }

  beforeAll(async () => {
    database = await openPgliteDatabase();
    tenant = (await createTenant(database.db, { name: 'Embed Co' })).id;
    analyst = await signToken({ secret, tenantId: tenant, role: 'analyst' });
    viewer = await signToken({ secret, tenantId: tenant, role: 'viewer' });
    embed = await signToken({
      secret,
      tenantId: tenant,
      role: 'viewer',
      embed: true,
      metrics: ['revenue', 'orders'],
      widgets: ['kpi-card'],
      ttl: '10m',
    });
    app = await buildServer({ db: database.db, auth: { secret } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
    const points = [
      { metric: 'revenue', ts: '2024-01-01', value: 100.5 },
      { metric: 'revenue', ts: '2024-01-02', value: 120 },
      { metric: 'orders', ts: '2024-01-01', value: 7 },
      { metric: 'payroll', ts: '2024-01-01', value: 5_000 },
    ];
    expect((await call('POST', '/v1/metrics', analyst, { points })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  describe('embed tokens', () => {
    it('read a listed metric with 200 and its points', async () => {
      const response = await call(
        'GET',
        '/v1/metrics/revenue?from=2024-01-01&to=2024-02-01&grain=day',
        embed,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        metric: 'revenue',
        grain: 'day',
        points: [
          { ts: '2024-01-01T00:00:00.000Z', value: 100.5 },
          { ts: '2024-01-02T00:00:00.000Z', value: 120 },
        ],
      });
    });

    it('answer 403 naming the metric for a metric they do not list', async () => {
      const response = await call('GET', '/v1/metrics/payroll?grain=day', embed);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'forbidden' });
      expect(response.body.error.message).toBe(
        'This embed token does not allow metric "payroll"; it allows revenue, orders',
      );
    });

    it('see only their metrics in the metric list, where an API token sees all', async () => {
      const asEmbed = await call('GET', '/v1/metrics', embed);
      expect(asEmbed.status).toBe(200);
      expect(asEmbed.body.metrics.map((entry) => entry.metric)).toEqual(['orders', 'revenue']);
      const asViewer = await call('GET', '/v1/metrics', viewer);
      expect(asViewer.body.metrics.map((entry) => entry.metric)).toEqual(['orders', 'payroll', 'revenue']);
    });

    it.each([
      ['POST', '/v1/metrics', { points: [{ metric: 'revenue', ts: '2024-01-03', value: 1 }] }],
      ['POST', '/v1/forecasts', { metric: 'revenue', horizon: 2 }],
      ['GET', '/v1/goals', undefined],
      ['GET', '/v1/audit-log', undefined],
    ])('are refused with 401 on %s %s, which is not embeddable', async (method, path, json) => {
      const response = await call(method, path, embed, json);
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual({
        code: 'unauthorized',
        message: 'Invalid token: embed tokens are accepted only on metric read routes',
        issues: [],
      });
    });

    it('write nothing when refused on the ingest route', async () => {
      await call('POST', '/v1/metrics', embed, {
        points: [{ metric: 'revenue', ts: '2030-01-01', value: 1 }],
      });
      const read = await call('GET', '/v1/metrics/revenue?from=2030-01-01&grain=day', viewer);
      expect(read.body.points).toEqual([]);
    });

    it.each([
      [
        'expired',
        () =>
          new SignJWT(embedClaims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-embed')
            .setSubject('page')
            .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
            .sign(key),
        /"exp" claim timestamp check failed/,
      ],
      [
        'living longer than 1h',
        () =>
          new SignJWT(embedClaims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-embed')
            .setSubject('page')
            .setIssuedAt()
            .setExpirationTime('2h')
            .sign(key),
        /embed tokens may live at most 1h/,
      ],
      [
        'with an analyst role',
        () =>
          new SignJWT(embedClaims({ role: 'analyst' }))
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-embed')
            .setSubject('page')
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(key),
        /role viewer and a metrics list/,
      ],
      [
        'without iat',
        () =>
          new SignJWT(embedClaims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience('dyocense-embed')
            .setSubject('page')
            .setExpirationTime('10m')
            .sign(key),
        /needs tenant_id, sub, iat/,
      ],
      [
        'for both audiences',
        () =>
          new SignJWT(embedClaims())
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer('dyocense')
            .setAudience(['dyocense-embed', 'dyocense-api'])
            .setSubject('page')
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(key),
        /either an API or an embed token/,
      ],
    ])('are refused with 401 when %s', async (_name, make, message) => {
      const response = await call('GET', '/v1/metrics/revenue', await make());
      expect(response.status).toBe(401);
      expect(response.body.error.message).toMatch(message);
    });

    describe('on stored forecasts', () => {
      let ofRevenue: string;
      let ofPayroll: string;
      let ofOtherTenant: string;

      /** Stores a forecast row directly (the forecast engine is not under test here). */
      async function storeForecast(tenantId: string, metric: string): Promise<string> {
        const row = await withTenant(database.db, tenantId, (trx) =>
          trx
            .insertInto('forecasts')
            .values({
              tenant_id: tenantId,
              metric,
              grain: 'day',
              horizon: 1,
              model: 'naive',
              request: JSON.stringify({ metric, horizon: 1, grain: 'day' }),
              result: JSON.stringify({ method: 'naive', points: [], warnings: [] }),
            })
            .returning('id')
            .executeTakeFirstOrThrow(),
        );
        return row.id;
      }

      beforeAll(async () => {
        ofRevenue = await storeForecast(tenant, 'revenue');
        ofPayroll = await storeForecast(tenant, 'payroll');
        const other = (await createTenant(database.db, { name: 'Other Forecasts Co' })).id;
        ofOtherTenant = await storeForecast(other, 'revenue');
      });

      it("list only forecasts of the token's metrics, where an API token lists all", async () => {
        const asEmbed = await call('GET', '/v1/forecasts', embed);
        expect(asEmbed.status).toBe(200);
        const ids = (answer: { body: unknown }) =>
          (answer.body as { forecasts: { id: string }[] }).forecasts.map((forecast) => forecast.id);
        expect(ids(asEmbed)).toEqual([ofRevenue]);
        // The filter is applied before `limit`: one allowed forecast still fills `limit=1`.
        expect(ids(await call('GET', '/v1/forecasts?limit=1', embed))).toEqual([ofRevenue]);
        expect(ids(await call('GET', '/v1/forecasts?metric=payroll', embed))).toEqual([]);
        expect(new Set(ids(await call('GET', '/v1/forecasts', viewer)))).toEqual(
          new Set([ofRevenue, ofPayroll]),
        );
      });

      it("read a forecast of one of the token's metrics, and answer 403 for another metric", async () => {
        const allowed = await call('GET', `/v1/forecasts/${ofRevenue}`, embed);
        expect(allowed.status).toBe(200);
        expect(allowed.body).toMatchObject({ id: ofRevenue, metric: 'revenue' });
        const refused = await call('GET', `/v1/forecasts/${ofPayroll}`, embed);
        expect(refused.status).toBe(403);
        expect(refused.body.error).toEqual({
          code: 'forbidden',
          message: 'This embed token does not allow metric "payroll"; it allows revenue, orders',
          issues: [],
        });
        expect((await call('GET', `/v1/forecasts/${ofPayroll}`, viewer)).status).toBe(200);
      });

      it("answer another tenant's forecast exactly like a missing one (404), even for an allowed metric", async () => {
        const foreign = await call('GET', `/v1/forecasts/${ofOtherTenant}`, embed);
        const missing = await call('GET', `/v1/forecasts/${randomUUID()}`, embed);
        const malformed = await call('GET', '/v1/forecasts/not-a-uuid', embed);
        expect(foreign.status).toBe(404);
        expect(foreign).toEqual(missing);
        expect(malformed).toEqual(missing);
        expect(await call('GET', `/v1/forecasts/${ofOtherTenant}`, viewer)).toEqual(missing);
      });
    });

    it('are marked on the embeddable routes of the OpenAPI description', async () => {
      const { body } = await call('GET', '/v1/openapi.json');
      expect(body.paths['/v1/metrics/{metric}']?.get?.['x-dyocense-embed']).toBe('metric');
      expect(body.paths['/v1/metrics']?.get?.['x-dyocense-embed']).toBe('metric-list');
      expect(body.paths['/v1/forecasts']?.get?.['x-dyocense-embed']).toBe('metric-list');
      expect(body.paths['/v1/forecasts/{id}']?.get?.['x-dyocense-embed']).toBe('stored-metric');
      expect(body.paths['/v1/forecasts']?.post?.['x-dyocense-embed']).toBeUndefined();
      expect(body.paths['/v1/metrics']?.post).toBeDefined();
      expect(body.paths['/v1/metrics']?.post?.['x-dyocense-embed']).toBeUndefined();
    });
  });

  describe('signToken for embed tokens', () => {
    it('puts the metrics, widgets, viewer role and embed audience in the token', async () => {
      const [, payload] = embed.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      expect(claims).toMatchObject({
        aud: 'dyocense-embed',
        role: 'viewer',
        tenant_id: tenant,
        metrics: ['revenue', 'orders'],
        widgets: ['kpi-card'],
      });
      expect(claims.exp - claims.iat).toBe(600);
    });

    it.each([
      ['a TTL over 1h', { ttl: '61m', metrics: ['revenue'] }, 'Embed tokens may live at most 1h, got 61m'],
      [
        'an admin role',
        { role: 'admin' as const, metrics: ['revenue'] },
        'their role must be viewer, not admin',
      ],
      ['no metrics', {}, 'Embed tokens must list the metrics they may read'],
      ['an empty metric list', { metrics: [] }, 'embed scope'],
      ['a bad widget name', { metrics: ['revenue'], widgets: ['<script>'] }, 'widget tag'],
    ])('refuses %s', async (_name, overrides, message) => {
      await expect(
        signToken({ secret, tenantId: tenant, role: 'viewer', embed: true, ...overrides }),
      ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(message) });
    });

    it('refuses metrics on an API token', async () => {
      await expect(
        signToken({ secret, tenantId: tenant, role: 'viewer', metrics: ['revenue'] }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });

  describe('tenant existence', () => {
    it('answers 401 unknown tenant, not a foreign-key 400, to a valid token for a tenant with no row', async () => {
      const ghost = randomUUID();
      const token = await signToken({ secret, tenantId: ghost, role: 'analyst' });
      const ingest = await call('POST', '/v1/metrics', token, {
        points: [{ metric: 'revenue', ts: '2024-01-01', value: 1 }],
      });
      expect(ingest).toEqual({
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Invalid token: unknown tenant', issues: [] } },
      });
      expect((await call('GET', '/v1/metrics', token)).status).toBe(401);
      const embedToken = await signToken({
        secret,
        tenantId: ghost,
        role: 'viewer',
        embed: true,
        metrics: ['revenue'],
      });
      expect((await call('GET', '/v1/metrics/revenue', embedToken)).status).toBe(401);
    });

    it('accepts the same token as soon as the tenant is created', async () => {
      const created = await createTenant(database.db, { name: 'Late Co' });
      const token = await signToken({ secret, tenantId: created.id, role: 'viewer' });
      expect((await call('GET', '/v1/metrics', token)).body).toEqual({ metrics: [] });
    });
  });
});

describe('createTenantLookup', () => {
  let database: DyocenseDatabase;
  let tenant: string;
  let queries = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    database = await openPgliteDatabase();
    tenant = (await createTenant(database.db, { name: 'Cached Co' })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('queries a known tenant once per TTL and shares concurrent lookups', async () => {
    let clock = 0;
    const exists = createTenantLookup(database.db.withPlugin(counting), { ttlMs: 1_000, now: () => clock });
    queries = 0;
    expect(await Promise.all([exists(tenant), exists(tenant), exists(tenant)])).toEqual([true, true, true]);
    const perLookup = queries;
    expect(perLookup).toBeGreaterThan(0);
    expect(await exists(tenant)).toBe(true);
    expect(queries).toBe(perLookup);
    clock = 1_001;
    expect(await exists(tenant)).toBe(true);
    expect(queries).toBe(2 * perLookup);
  });

  it('does not remember unknown tenants and never sees another tenant through the lookup', async () => {
    const exists = createTenantLookup(database.db);
    const other = randomUUID();
    expect(await exists(other)).toBe(false);
    // Row-level security shows the lookup only the asked tenant's own row.
    const visible = await withTenant(database.db, other, (trx) =>
      sql<{ count: number }>`select count(*)::int as count from tenants`.execute(trx),
    );
    expect(visible.rows).toEqual([{ count: 0 }]);
    await withTenant(database.db, other, (trx) =>
      trx.insertInto('tenants').values({ id: other, name: 'Other Co' }).execute(),
    );
    expect(await exists(other)).toBe(true);
  });
});
