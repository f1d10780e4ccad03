import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { DyocenseError } from '@dyocense/core';
import { createPostgresDatabase, type DyocenseDatabase, withTenant } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  type TestDatabase,
} from '../../../packages/core/test/db/internal/engines.js';
import { toHttpError } from '../src/http-error.js';
import { buildServer, signToken } from '../src/index.js';
import { call, listen } from './support/http.js';
import {
  type PrivatePostgres,
  privatePostgresSkipReason,
  startPrivatePostgres,
} from './support/private-postgres.js';

const secret = 'test-secret-of-at-least-thirty-two-bytes!';
const skipReason = await privatePostgresSkipReason();

/** 20 series x 10,000 days of metric `cutoff`: 200,000 points, 40 insert batches of 5,000. */
function largeUpload(): string {
  const lines = ['unique_id,ds,y'];
  const start = Date.UTC(2000, 0, 1);
  for (let store = 0; store < 20; store++) {
    for (let day = 0; day < 10_000; day++) {
      lines.push(
        `store-${store}/cutoff,${new Date(start + day * 86_400_000).toISOString().slice(0, 10)},${day % 97}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

async function sleep(milliseconds: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
}

describe.skipIf(skipReason !== undefined)('reference server when PostgreSQL stops and comes back', () => {
  let cluster: PrivatePostgres;
  let database: TestDatabase;
  /** Superuser on the test database: sees uncommitted table growth and every backend. */
  let superuser: DyocenseDatabase;
  let app: FastifyInstance;
  let base: string;
  const tenant = randomUUID();
  let analyst: string;
  let viewer: string;
  let admin: string;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    database = await createPostgresTestDatabase({ ownerUrl: cluster.ownerUrl, appConnections: 4 });
    const name = await sql<{ name: string }>`select current_database() as name`.execute(database.owner);
    const superuserUrl = new URL(cluster.superuserUrl);
    superuserUrl.pathname = `/${name.rows[0]?.name}`;
    superuser = createPostgresDatabase({ connectionString: superuserUrl.href, maxConnections: 1 });
    await withTenant(database.app.db, tenant, (trx) =>
      trx.insertInto('tenants').values({ id: tenant, name: 'faults' }).execute(),
    );
    analyst = await signToken({ secret, tenantId: tenant, role: 'analyst' });
    viewer = await signToken({ secret, tenantId: tenant, role: 'viewer' });
    admin = await signToken({ secret, tenantId: tenant, role: 'admin' });
    app = await buildServer({ db: database.app.db, auth: { secret } });
    base = await listen(app);
  });

  afterAll(async () => {
    await app?.close();
    await superuser?.close();
    await database?.close().catch(() => {});
    await cluster?.destroy();
  });

  /** Uncommitted bytes in metric_points' partitions, and whether the app's backend holds a write transaction. */
  async function ingestProgress(appLogin: string): Promise<{ bytes: number; writing: boolean }> {
    const result = await sql<{ bytes: string; writing: boolean }>`
      select
        (select coalesce(sum(pg_relation_size(i.inhrelid)), 0) from pg_inherits i
          where i.inhparent = 'metric_points'::regclass) as bytes,
        exists (select 1 from pg_stat_activity where usename = ${appLogin} and backend_xid is not null) as writing
    `.execute(superuser.db);
    const row = result.rows[0];
    return { bytes: Number(row?.bytes ?? 0), writing: row?.writing === true };
  }

  // Generous timeout: parsing 200,000 rows before the first batch took 13 s on the loaded 2-core machine.
  it('rolls back an ingest cut off mid-way, answers 503 while down, and recovers by itself within 5 s', {
    timeout: 180_000,
  }, async () => {
    const csv = largeUpload();
    let settled = false;
    const upload = call(base, 'POST', '/v1/metrics/upload', { token: analyst, body: csv }).finally(() => {
      settled = true;
    });

    // Wait until the ingest transaction has written at least one 5,000-point batch (uncommitted pages).
    let progress = { bytes: 0, writing: false };
    while (!settled && !(progress.writing && progress.bytes >= 256 * 1024)) {
      await sleep(20);
      progress = await ingestProgress(database.appLogin);
    }
    expect(settled, 'the ingest finished before PostgreSQL could be stopped mid-way').toBe(false);
    await cluster.stop('immediate');

    const cutOff = await upload;
    expect(cutOff.status).toBe(503);
    expect(cutOff.body).toMatchObject({ error: { code: 'unavailable' } });
    expect(cutOff.headers.get('retry-after')).toBe('2');

    // While down: every database-backed answer is a prompt 503, never a hang or a 500.
    const down = [
      await call(base, 'GET', '/readyz'),
      await call(base, 'GET', '/v1/metrics', { token: viewer }),
      await call(base, 'GET', '/v1/metrics/cutoff?grain=month', { token: viewer }),
      await call(base, 'POST', '/v1/metrics', {
        token: analyst,
        json: { points: [{ metric: 'cutoff', ts: '2024-01-01', value: 1 }] },
      }),
    ];
    expect(down.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
    for (const answer of down) expect(answer.elapsedMs).toBeLessThan(3_000);
    expect(down[1]?.body).toMatchObject({ error: { code: 'unavailable' } });
    expect(down[1]?.headers.get('retry-after')).toBe('2');
    expect((await call(base, 'GET', '/healthz')).status).toBe(200);

    await cluster.start();
    const restarted = performance.now();
    let recoveredAfter = Number.POSITIVE_INFINITY;
    while (performance.now() - restarted < 10_000) {
      const ready = await call(base, 'GET', '/readyz');
      const data = await call(base, 'GET', '/v1/metrics', { token: viewer });
      if (ready.status === 200 && data.status === 200) {
        recoveredAfter = performance.now() - restarted;
        break;
      }
      await sleep(100);
    }
    expect(recoveredAfter).toBeLessThan(5_000);

    // Nothing of the cut-off ingest survived crash recovery: no point, no audit entry.
    const read = await call(base, 'GET', '/v1/metrics/cutoff?grain=year', { token: viewer });
    expect(read).toMatchObject({ status: 200, body: { metric: 'cutoff', points: [] } });
    const stored = await sql<{ points: number; rollups: number }>`
      select (select count(*) from metric_points)::int as points,
        ((select count(*) from metric_rollups_day) + (select count(*) from metric_rollups_week)
          + (select count(*) from metric_rollups_month))::int as rollups`.execute(superuser.db);
    expect(stored.rows).toEqual([{ points: 0, rollups: 0 }]);
    const auditLog = await call(base, 'GET', '/v1/audit-log', { token: admin });
    expect(
      (auditLog.body as { entries: { action: string }[] }).entries.map((entry) => entry.action),
    ).not.toContain('metrics.upload');

    // Writes work again on the recovered pool; the file's first point is new (inserted, not updated).
    const written = await call(base, 'POST', '/v1/metrics', {
      token: analyst,
      json: { points: [{ metric: 'cutoff', ts: '2000-01-01', value: 1, dimensions: { series: 'store-0' } }] },
    });
    expect(written).toMatchObject({ status: 201, body: { inserted: 1, updated: 0 } });
  });
});

describe('reference server against a database that accepts connections but never answers', () => {
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts TCP and then says nothing, like a frozen server or a black-holed network path.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers 503 within the connection timeout instead of hanging', async () => {
    const address = silent.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    const frozen = createPostgresDatabase({
      connectionString: `postgres://nobody@127.0.0.1:${address.port}/none`,
      connectionTimeoutMillis: 1_000,
    });
    const app = await buildServer({ db: frozen.db, auth: { secret } });
    const base = await listen(app);
    try {
      const bearer = await signToken({ secret, tenantId: randomUUID(), role: 'viewer' });
      const ready = await call(base, 'GET', '/readyz');
      const data = await call(base, 'GET', '/v1/metrics', { token: bearer });
      expect([ready.status, data.status]).toEqual([503, 503]);
      expect(data.body).toMatchObject({ error: { code: 'unavailable' } });
      // Bounded by the 1 s connection timeout (plus scheduling on a loaded machine), not by any client patience.
      expect(ready.elapsedMs).toBeGreaterThanOrEqual(900);
      expect(ready.elapsedMs).toBeLessThan(2_500);
      expect(data.elapsedMs).toBeLessThan(2_500);
    } finally {
      await app.close();
      await frozen.close();
    }
  });
});

describe('toHttpError for database outages', () => {
  const unavailable = {
    status: 503,
    body: {
      error: { code: 'unavailable', message: 'The database is unavailable; retry shortly', issues: [] },
    },
    headers: { 'retry-after': '2' },
  };

  it.each([
    ['a raw refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'a DyocenseError unavailable',
      new DyocenseError({ code: 'unavailable', message: 'Metric ingest failed: x' }),
    ],
    [
      'an internal DyocenseError caused by a lost connection',
      new DyocenseError({
        code: 'internal',
        message: 'x',
        cause: new Error('Connection terminated unexpectedly'),
      }),
    ],
  ])('answers 503 with Retry-After to %s', (_name, error) => {
    expect(toHttpError(error)).toEqual(unavailable);
  });

  it('keeps answering 500 without details to other internal errors', () => {
    expect(toHttpError(new DyocenseError({ code: 'internal', message: 'select * from secrets' }))).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Internal error', issues: [] } },
      headers: {},
    });
  });
});
