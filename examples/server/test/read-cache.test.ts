import { randomUUID } from 'node:crypto';
import { type DyocenseDatabase, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../packages/core/test/db/internal/engines.js';
import { buildServer, type ServerOptions, signToken } from '../src/index.js';
import { engines, testSecret } from './harness.js';

/** An answer with its raw bytes. */
interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

interface Instance {
  readonly app: FastifyInstance;
  readonly url: string;
}

async function serve(database: DyocenseDatabase, options: Partial<ServerOptions> = {}): Promise<Instance> {
  const app = await buildServer({
    db: database.db,
    auth: { secret: testSecret },
    changes: database,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

async function call(
  instance: Instance,
  method: string,
  path: string,
  token: string,
  options: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Waits until `condition` holds (the listen connection is up, a notification arrived), at most 5 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stats = (instance: Instance) => {
  const cache = instance.app.readCache;
  if (cache === null) throw new Error('read cache is off');
  return cache.stats();
};

const revenuePath = '/v1/metrics/revenue?grain=day&from=2024-01-01&to=2024-01-04';
const kpiPath = '/v1/kpis/average_order_value?grain=day&from=2024-01-01&to=2024-01-04';

function day(ts: string, revenue: number, orders: number) {
  return [
    { metric: 'revenue', ts, value: revenue, dimensions: { store: 'north' } },
    { metric: 'orders', ts, value: orders, dimensions: { store: 'north' } },
  ];
}

const values = (answer: RawAnswer) =>
  (JSON.parse(answer.text) as { points: { value: number | null }[] }).points.map((point) => point.value);

describe.each(engines)('read cache on %s', (engine, createDatabase) => {
  let database: TestDatabase;
  /** Two server instances on one database, each with its own cache (PostgreSQL: its own pool and LISTEN). */
  let first: Instance;
  let second: Instance;
  /** Served without a cache, for byte comparisons. */
  let uncached: Instance;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createDatabase();
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(database.app.db, tenant, (trx) =>
        trx.insertInto('tenants').values({ id: tenant, name: 'cache' }).execute(),
      );
      for (const role of ['viewer', 'analyst'] as const)
        tokens[`${tenant}/${role}`] = await signToken({ secret: testSecret, tenantId: tenant, role });
    }
    first = await serve(database.app);
    // Its own cache and (on PostgreSQL) its own LISTEN connection: it hears first's writes only as another
    // process would, through the database's notifications.
    second = await serve(database.app);
    uncached = await serve(database.app, { readCacheBytes: 0 });
    await until(() => stats(first).listening && stats(second).listening);
    const ingest = await call(first, 'POST', '/v1/metrics', tokens[`${tenantA}/analyst`] ?? '', {
      json: { points: [...day('2024-01-01', 100, 4), ...day('2024-01-02', 90, 3)] },
    });
    expect(ingest.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    for (const instance of [first, second, uncached]) await instance?.app.close();
    await database?.close();
  });

  it('answers from the cache with the bytes, status and type of an uncached answer, and an ETag', async () => {
    for (const path of [revenuePath, kpiPath]) {
      const token = tokens[`${tenantA}/viewer`] ?? '';
      const before = stats(first).hits;
      const miss = await call(first, 'GET', path, token);
      const hit = await call(first, 'GET', path, token);
      const plain = await call(uncached, 'GET', path, token);
      expect(stats(first).hits).toBe(before + 1);
      expect(miss.status).toBe(200);
      expect(hit.text).toBe(miss.text);
      expect(hit.text).toBe(plain.text);
      expect(hit.headers.get('content-type')).toBe(plain.headers.get('content-type'));
      expect(plain.headers.get('etag')).toBeNull();
      expect(hit.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
      expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));

      const notModified = await call(first, 'GET', path, token, {
        headers: { 'if-none-match': hit.headers.get('etag') ?? '' },
      });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
    }
    expect(values(await call(first, 'GET', revenuePath, tokens[`${tenantA}/viewer`] ?? ''))).toEqual([
      100, 90,
    ]);
    expect(values(await call(first, 'GET', kpiPath, tokens[`${tenantA}/viewer`] ?? ''))).toEqual([25, 30]);
  });

  it('keys answers by the validated query: spelling the default grain out hits the same entry', async () => {
    const token = tokens[`${tenantA}/viewer`] ?? '';
    await call(first, 'GET', '/v1/metrics/revenue?from=2024-01-01&to=2024-01-04', token);
    const hits = stats(first).hits;
    const spelled = await call(
      first,
      'GET',
      '/v1/metrics/revenue?to=2024-01-04&grain=day&from=2024-01-01',
      token,
    );
    expect(stats(first).hits).toBe(hits + 1);
    expect(values(spelled)).toEqual([100, 90]);
  });

  it("never answers tenant B with tenant A's cached body, nor 304 for A's ETag", async () => {
    const a = tokens[`${tenantA}/viewer`] ?? '';
    const b = tokens[`${tenantB}/viewer`] ?? '';
    for (const instance of [first, second]) {
      for (const path of [revenuePath, kpiPath]) {
        const ofA = await call(instance, 'GET', path, a);
        await call(instance, 'GET', path, a); // A's answer is now cached under this URL
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const ofB = await call(instance, 'GET', path, b, {
            headers: { 'if-none-match': ofA.headers.get('etag') ?? '' },
          });
          expect(ofB.status).toBe(200);
          expect(ofB.text).not.toBe(ofA.text);
          // B has no data: no bucket, or buckets without a value.
          expect(values(ofB).every((value) => value === null)).toBe(true);
          expect(ofB.headers.get('etag')).not.toBe(ofA.headers.get('etag'));
        }
      }
    }
  });

  it('shows a write to the next read, in the writing instance and in the other one', async () => {
    const viewer = tokens[`${tenantA}/viewer`] ?? '';
    const analyst = tokens[`${tenantA}/analyst`] ?? '';
    for (let round = 1; round <= 5; round += 1) {
      for (const instance of [first, second]) {
        await call(instance, 'GET', revenuePath, viewer);
        await call(instance, 'GET', kpiPath, viewer);
      }
      const writer = round % 2 === 1 ? first : second;
      const written = await call(writer, 'POST', '/v1/metrics', analyst, {
        json: { points: day('2024-01-03', 10 * round, round) },
      });
      expect(written.status).toBe(201);
      for (const instance of [writer, writer === first ? second : first]) {
        expect(values(await call(instance, 'GET', revenuePath, viewer))).toEqual([100, 90, 10 * round]);
        expect(values(await call(instance, 'GET', kpiPath, viewer))).toEqual([25, 30, 10]);
      }
    }
  });

  it('drops KPI answers when a KPI definition changes in the database', async () => {
    const analyst = tokens[`${tenantA}/analyst`] ?? '';
    const viewer = tokens[`${tenantA}/viewer`] ?? '';
    const definition = {
      id: 'revenue_per_order',
      name: 'Revenue per order',
      description: 'Revenue over orders.',
      formula: 'revenue / orders',
      unit: 'currency/count:orders',
      direction: 'higher_is_better',
      metrics: [
        {
          id: 'revenue',
          name: 'Revenue',
          description: 'Sales.',
          unit: 'currency',
          aggregation: 'sum',
          direction: 'higher_is_better',
        },
        {
          id: 'orders',
          name: 'Orders',
          description: 'Orders.',
          unit: 'count:orders',
          aggregation: 'sum',
          direction: 'higher_is_better',
        },
      ],
    };
    const path = '/v1/kpis/revenue_per_order?grain=day&from=2024-01-01&to=2024-01-03';
    expect((await call(second, 'GET', path, viewer)).status).toBe(404);
    expect((await call(first, 'POST', '/v1/kpis', analyst, { json: definition })).status).toBe(201);
    expect(values(await call(second, 'GET', path, viewer))).toEqual([25, 30]);
    expect(values(await call(second, 'GET', path, viewer))).toEqual([25, 30]);
    // Rewritten behind the server's back: the trigger's notification is all the cache hears.
    await withTenant(database.app.db, tenantA, (trx) =>
      trx
        .updateTable('kpi_definitions')
        .set({ definition: JSON.stringify({ ...definition, formula: 'revenue / orders * 2' }) })
        .where('kpi_key', '=', 'revenue_per_order')
        .execute(),
    );
    let after: (number | null)[] = [];
    for (let waited = 0; waited <= 5_000; waited += 10) {
      after = values(await call(second, 'GET', path, viewer));
      if (after[0] !== 25) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(after).toEqual([50, 60]);
  });

  it('stays within its memory bound, evicting the least recently used answers', async () => {
    const small = await serve(database.app, { readCacheBytes: 16 * 1024 });
    try {
      await until(() => stats(small).listening);
      const viewer = tokens[`${tenantA}/viewer`] ?? '';
      for (let offset = 0; offset < 200; offset += 1) {
        const from = new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const answer = await call(
          small,
          'GET',
          `/v1/metrics/revenue?grain=day&from=${from}&to=2024-01-03`,
          viewer,
        );
        expect(values(answer).slice(-2)).toEqual([100, 90]);
        expect(stats(small).bytes).toBeLessThanOrEqual(16 * 1024);
      }
      const after = stats(small);
      expect(after.evictions).toBeGreaterThan(0);
      expect(after.entries).toBeGreaterThan(0);
    } finally {
      await small.app.close();
    }
  });

  // Defined for PostgreSQL only (an owner write with no tenant, a killable listen connection), not skipped on PGlite.
  if (engine === 'PostgreSQL')
    it('clears everything on a write without a tenant and when the listen connection drops', async () => {
      const viewer = tokens[`${tenantA}/viewer`] ?? '';
      await call(second, 'GET', revenuePath, viewer);
      await call(second, 'GET', revenuePath, viewer);
      expect(stats(second).entries).toBeGreaterThan(0);
      // The owner writes with no tenant set: the notification says '' and every entry goes.
      await sql`update metric_rollups_day set refreshed_at = refreshed_at where false`.execute(
        database.owner,
      );
      await until(() => stats(second).entries === 0);

      await call(second, 'GET', revenuePath, viewer);
      expect(stats(second).entries).toBeGreaterThan(0);
      // The app's login role may end its own backends: here the listen connections of both instances.
      const killed = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where usename = current_user and pid <> pg_backend_pid() and query ilike 'listen%'`.execute(
        database.app.db,
      );
      expect(killed.rows.length).toBeGreaterThanOrEqual(1);
      await until(() => !stats(second).listening || stats(second).entries === 0);
      expect(stats(second).entries).toBe(0);
      await until(() => stats(first).listening && stats(second).listening);
      expect(values(await call(second, 'GET', revenuePath, viewer))).toEqual([100, 90, 50]);
    });
});
