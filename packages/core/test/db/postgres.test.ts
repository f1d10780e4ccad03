import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eraseTenant,
  ingestMetricPoints,
  insertMetricPoints,
  migrateToLatest,
  migrationNames,
  readMetricSeries,
  withTenant,
} from '../../src/db/index.js';
import { migrations } from '../../src/db/migrate.js';
import { createPostgresTestDatabase, type TestDatabase } from './internal/engines.js';
import { defineDataLayerSuite } from './internal/isolation-suite.js';

describe('data layer on PostgreSQL', () => {
  defineDataLayerSuite(createPostgresTestDatabase);
});

/** One day rollup of `sales` on 2024-01-01 (two points, 4 and 9). */
function rollupOf(tenant: string) {
  return {
    tenant_id: tenant,
    metric: 'sales',
    bucket: '2024-01-01T00:00:00Z',
    point_count: 2,
    value_sum: 13,
    value_min: 4,
    value_max: 9,
  };
}

describe('privilege escalation by the app login on PostgreSQL', () => {
  let database: TestDatabase;
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    database = await createPostgresTestDatabase({ appConnections: 1 });
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(database.app.db, tenant, (trx) =>
        trx.insertInto('tenants').values({ id: tenant, name: tenant }).execute(),
      );
    }
  });

  afterAll(async () => {
    await database?.close();
  });

  async function attempt(statements: string[]): Promise<{ code?: string; message?: string } | undefined> {
    try {
      await withTenant(database.app.db, tenantA, async (trx) => {
        for (const statement of statements) await sql.raw(statement).execute(trx);
      });
    } catch (error) {
      return error as { code?: string; message?: string };
    }
    return undefined;
  }

  it('connects as a login role that is neither superuser, BYPASSRLS, nor owner of anything', async () => {
    const role = await sql<{ name: string; superuser: boolean; bypass: boolean; owned: number }>`
      select current_user as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = current_user`.execute(database.app.db);
    expect(role.rows).toEqual([{ name: database.appLogin, superuser: false, bypass: false, owned: 0 }]);
  });

  it.each([
    ['SET ROLE to the owner', ['set role dyocense_owner']],
    ['SET ROLE to the superuser', ['set role postgres']],
    ['SET SESSION AUTHORIZATION', ['set session authorization postgres']],
    ['ALTER TABLE ... DISABLE ROW LEVEL SECURITY', ['alter table users disable row level security']],
    ['ALTER TABLE ... NO FORCE ROW LEVEL SECURITY', ['alter table users no force row level security']],
    ['DROP POLICY', ['drop policy tenant_isolation on users']],
    ['SET row_security = off, then read', ['set local row_security = off', 'select * from tenants']],
    [
      'a SECURITY DEFINER function',
      ['create function leak() returns bigint language sql security definer as $$select 1$$'],
    ],
  ])('refuses %s', async (_, statements) => {
    const error = await attempt(statements);
    expect(error?.code).toBe('42501');
  });

  it('still sees only its tenant after RESET ROLE', async () => {
    const rows = await withTenant(database.app.db, tenantA, async (trx) => {
      await sql`reset role`.execute(trx);
      return trx.selectFrom('tenants').select('id').execute();
    });
    expect(rows).toEqual([{ id: tenantA }]);
  });

  it('gets no rows on its single pooled connection right after another tenant used it', async () => {
    await withTenant(database.app.db, tenantB, (trx) => trx.selectFrom('tenants').selectAll().execute());
    expect(await database.app.db.selectFrom('tenants').selectAll().execute()).toEqual([]);
  });

  it('leaves no tenant on its single pooled connection after a one-round-trip read', async () => {
    await withTenant(database.app.db, tenantA, (trx) =>
      trx.insertInto('metric_rollups_day').values(rollupOf(tenantA)).execute(),
    );
    expect(
      await readMetricSeries(database.app.db, tenantA, { metric: 'sales', grain: 'day', aggregation: 'max' }),
    ).toEqual([{ ts: new Date('2024-01-01T00:00:00Z'), value: 9 }]);
    const after = await sql<{ role: string; tenant: string | null }>`select current_user as role,
      current_setting('app.tenant_id', true) as tenant`.execute(database.app.db);
    expect(after.rows).toEqual([{ role: database.appLogin, tenant: '' }]);
    expect(await database.app.db.selectFrom('metric_rollups_day').selectAll().execute()).toEqual([]);
  });

  it('reports nothing pending when the owner migrates again', async () => {
    expect(await migrateToLatest(database.owner)).toEqual({ applied: [] });
  });
});

describe('migration 0002 on a database that already holds points', () => {
  let database: TestDatabase;
  const tenant = randomUUID();

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it('builds the rollups of the stored points, and its down migration restores 0001', async () => {
    const migrator = new Migrator({
      db: database.owner,
      provider: {
        getMigrations: async () => migrations,
      },
    });
    const down = await migrator.migrateTo('0001_initial');
    expect(down.error).toBeUndefined();
    // Points written under 0001, with no rollup maintenance.
    await withTenant(database.app.db, tenant, async (trx) => {
      await trx.insertInto('tenants').values({ id: tenant, name: 'before 0002' }).execute();
      await trx
        .insertInto('metric_points')
        .values(
          [
            ['north', '2024-01-30T10:00:00Z', 5],
            ['south', '2024-01-30T23:00:00Z', 7],
            ['north', '2024-02-02T08:00:00Z', -3],
          ].map(([store, ts, value]) => ({
            tenant_id: tenant,
            metric: 'sales',
            series_key: JSON.stringify({ store }),
            ts: ts as string,
            value: value as number,
            dimensions: JSON.stringify({ store }),
          })),
        )
        .execute();
    });
    expect(await migrateToLatest(database.owner)).toEqual({
      applied: migrationNames.filter((name) => name > '0001_initial'),
    });

    const read = (grain: 'day' | 'week' | 'month', aggregation: 'sum' | 'min' | 'count') =>
      readMetricSeries(database.app.db, tenant, { metric: 'sales', grain, aggregation });
    expect(await read('day', 'sum')).toEqual([
      { ts: new Date('2024-01-30T00:00:00Z'), value: 12 },
      { ts: new Date('2024-02-02T00:00:00Z'), value: -3 },
    ]);
    expect(await read('week', 'count')).toEqual([{ ts: new Date('2024-01-29T00:00:00Z'), value: 3 }]);
    expect(await read('month', 'min')).toEqual([
      { ts: new Date('2024-01-01T00:00:00Z'), value: 5 },
      { ts: new Date('2024-02-01T00:00:00Z'), value: -3 },
    ]);
    const forced = await sql<{
      name: string;
      forced: boolean;
    }>`select relname as name, relforcerowsecurity as forced
      from pg_class where relname in ('metric_points', 'metric_rollups_day', 'metric_rollups_week', 'metric_rollups_month')
      order by 1`.execute(database.owner);
    expect(forced.rows.every((row) => row.forced)).toBe(true);
    expect(forced.rows).toHaveLength(4);
  });
});

describe('migration 0003 on a database that already holds goals and runs', () => {
  let database: TestDatabase;
  const tenant = randomUUID();
  const migrator = () =>
    new Migrator({
      db: database.owner,
      provider: {
        getMigrations: async () => migrations,
      },
    });
  const security = () =>
    sql<{ name: string; forced: boolean; policies: number }>`
      select c.relname as name, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c where c.relname in ('goals', 'optimization_runs') order by 1`.execute(database.owner);
  const columnsOf = async (table: string) =>
    (
      await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(
        database.owner,
      )
    ).rows.map((row) => row.name);
  const readRows = () =>
    withTenant(database.app.db, tenant, async (trx) => ({
      goals: (await sql<Record<string, unknown>>`select * from goals order by title`.execute(trx)).rows.map(
        ({ title, comparator, grain, aggregation }) => ({ title, comparator, grain, aggregation }),
      ),
      runs: (
        await sql<Record<string, unknown>>`select * from optimization_runs order by kind`.execute(trx)
      ).rows.map(({ kind, status, result, error }) => ({ kind, status, result, error })),
    }));

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it('carries goals and runs over, keeps RLS and grants, and its down migration restores 0002', async () => {
    const before = (await security()).rows;
    expect((await migrator().migrateTo('0002_metric_rollups')).error).toBeUndefined();
    const cancelled = { error: { code: 'cancelled', message: 'Cancelled on request', issues: [] } };
    const failed = { error: { code: 'internal', message: 'Internal error', issues: [] } };
    await withTenant(database.app.db, tenant, async (trx) => {
      await trx.insertInto('tenants').values({ id: tenant, name: 'before 0003' }).execute();
      await sql`insert into goals (tenant_id, metric, title, target_value, baseline_value, start_date, due_date)
        values (${tenant}, 'sales', 'a grow', 120, 100, '2024-01-01', '2024-03-31'),
               (${tenant}, 'costs', 'b shrink', 80, 100, '2024-01-01', '2024-03-31')`.execute(trx);
      await sql`insert into optimization_runs (tenant_id, kind, status, input, result)
        values (${tenant}, 'assignment', 'failed', '{}', ${JSON.stringify(cancelled)}),
               (${tenant}, 'budget', 'failed', '{}', ${JSON.stringify(failed)}),
               (${tenant}, 'inventory', 'succeeded', '{}', '{"quantity":3}')`.execute(trx);
    });

    expect(await migrateToLatest(database.owner)).toEqual({
      applied: migrationNames.filter((name) => name > '0002_metric_rollups'),
    });
    expect(await readRows()).toEqual({
      goals: [
        { title: 'a grow', comparator: 'increase', grain: 'day', aggregation: 'sum' },
        { title: 'b shrink', comparator: 'decrease', grain: 'day', aggregation: 'sum' },
      ],
      runs: [
        { kind: 'assignment', status: 'cancelled', result: null, error: cancelled.error },
        { kind: 'budget', status: 'failed', result: null, error: failed.error },
        { kind: 'inventory', status: 'succeeded', result: { quantity: 3 }, error: null },
      ],
    });
    expect((await security()).rows).toEqual(before);
    expect(before.every((row) => row.forced && row.policies > 0)).toBe(true);
    // Table-level grants cover columns added later.
    const granted = await sql<{ allowed: boolean }>`
      select bool_and(has_column_privilege('dyocense_app', t.name::regclass, t.col, 'select, insert, update'))
        as allowed
      from (values ('goals', 'comparator'), ('goals', 'grain'), ('goals', 'aggregation'),
        ('optimization_runs', 'started_at'), ('optimization_runs', 'time_limit_seconds'),
        ('optimization_runs', 'error')) as t (name, col)`.execute(database.owner);
    expect(granted.rows).toEqual([{ allowed: true }]);
    await expect(
      withTenant(database.app.db, tenant, (trx) =>
        sql`update goals set grain = 'fortnight' where title = 'a grow'`.execute(trx),
      ),
    ).rejects.toThrow(/goals_grain_check/);

    expect((await migrator().migrateTo('0002_metric_rollups')).error).toBeUndefined();
    expect(await columnsOf('goals')).not.toEqual(expect.arrayContaining(['comparator']));
    expect(await columnsOf('optimization_runs')).toEqual([
      'tenant_id',
      'id',
      'kind',
      'status',
      'input',
      'result',
      'created_at',
      'finished_at',
    ]);
    const restored = await withTenant(database.app.db, tenant, (trx) =>
      sql<{ kind: string; status: string; result: unknown }>`
        select kind, status, result from optimization_runs order by kind`.execute(trx),
    );
    expect(restored.rows).toEqual([
      { kind: 'assignment', status: 'failed', result: cancelled },
      { kind: 'budget', status: 'failed', result: failed },
      { kind: 'inventory', status: 'succeeded', result: { quantity: 3 } },
    ]);
    expect((await security()).rows).toEqual(before);
  });
});

describe('an ingest and an erasure of the same tenant at once on PostgreSQL', () => {
  let database: TestDatabase;
  const tenant = randomUUID();

  beforeAll(async () => {
    database = await createPostgresTestDatabase({ appConnections: 2 });
    await withTenant(database.app.db, tenant, (trx) =>
      trx.insertInto('tenants').values({ id: tenant, name: 'erased while ingesting' }).execute(),
    );
  });

  afterAll(async () => {
    await database?.close();
  });

  it('leaves no point behind: the erasure waits for the ingest (no foreign key does it since 0004)', async () => {
    const points = Array.from({ length: 50 }, (_, day) => ({
      metric: 'sales',
      ts: new Date(Date.UTC(2024, 0, 1 + day)),
      value: day,
    }));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = () => {};
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const ingest = withTenant(database.app.db, tenant, async (trx) => {
      await insertMetricPoints(trx, tenant, points);
      written();
      await held;
    });
    await wrote;
    const erasure = eraseTenant(database.app.db, tenant);
    // Give the erasure time to reach the tenant row while the ingest has not committed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await ingest;
    const report = await erasure;
    expect(report.metric_points).toBe(points.length);
    expect(report.tenants).toBe(1);
    const left = await withTenant(database.app.db, tenant, (trx) =>
      sql<{ count: number }>`select
        (select count(*) from metric_points)::int + (select count(*) from metric_rollups_day)::int as count`.execute(
        trx,
      ),
    );
    expect(left.rows).toEqual([{ count: 0 }]);
    // A later ingest finds no tenant.
    await expect(ingestMetricPoints(database.app.db, tenant, points)).rejects.toThrow(/does not exist/);
  });
});
