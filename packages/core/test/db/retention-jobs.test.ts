import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  ingestMetricPoints,
  jobsSchema,
  migrateToLatest,
  migrationNames,
  setRetentionPolicy,
  withTenant,
} from '../../src/db/index.js';
import { migrations } from '../../src/db/migrate.js';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
} from './internal/engines.js';

const engines: [string, () => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', () => createPostgresTestDatabase()],
];

async function retentionTenants(database: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ tenant_id: string }>`
    select tenant_id from ${sql.table(`${jobsSchema}.retention_tenants`)} order by tenant_id`.execute(
    database.app.db,
  );
  return rows.map((row) => row.tenant_id);
}

describe.each(engines)('retention jobs and archived months on %s', (_engine, createDatabase) => {
  let database: TestDatabase;
  let archive: string;
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    archive = await mkdtemp(join(tmpdir(), 'dyocense-retention-jobs-'));
    database = await createDatabase();
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(database.app.db, tenant, (trx) =>
        trx
          .insertInto('tenants')
          .values({ id: tenant, name: `tenant ${tenant}` })
          .execute(),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await rm(archive, { recursive: true, force: true });
  });

  it('lists exactly the tenants with a policy in dyocense_jobs.retention_tenants, kept by a trigger', async () => {
    expect(await retentionTenants(database)).toEqual([]);
    await setRetentionPolicy(database.app.db, tenantA, { rawDays: 30 });
    await setRetentionPolicy(database.app.db, tenantA, { rawDays: 60 });
    expect(await retentionTenants(database)).toEqual([tenantA]);
    await setRetentionPolicy(database.app.db, tenantB, { rawDays: 30 });
    expect(await retentionTenants(database)).toEqual([tenantA, tenantB].sort());
    await setRetentionPolicy(database.app.db, tenantB, { rawDays: null });
    expect(await retentionTenants(database)).toEqual([tenantA]);
  });

  it('refuses an ingest into an archived month with a conflict naming metric and months, writing nothing', async () => {
    const db = database.app.db;
    await ingestMetricPoints(db, tenantA, [
      { metric: 'sales', ts: '2023-01-10T00:00:00Z', value: 1 },
      { metric: 'sales', ts: '2023-02-10T00:00:00Z', value: 2 },
      { metric: 'visits', ts: '2023-01-10T00:00:00Z', value: 5 },
    ]);
    await setRetentionPolicy(db, tenantA, { rawDays: 1 });
    const report = await applyRetention(db, tenantA, {
      archiveDirectory: archive,
      now: new Date('2023-02-20T00:00:00Z'),
    });
    expect(report.archived.map((month) => `${month.metric} ${month.month}`)).toEqual([
      'sales 2023-01',
      'visits 2023-01',
    ]);
    const rollups = async () =>
      withTenant(db, tenantA, async (trx) => {
        const { rows } = await sql`select metric, bucket, point_count, value_sum from metric_rollups_month
          order by metric, bucket`.execute(trx);
        return rows;
      });
    const before = await rollups();

    // The archived point sent again (it would count twice), and a batch reaching into two archived months.
    await expect(
      ingestMetricPoints(db, tenantA, [{ metric: 'sales', ts: '2023-01-10T00:00:00Z', value: 1 }]),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('sales 2023-01 archived by retention'),
    });
    await expect(
      ingestMetricPoints(db, tenantA, [
        { metric: 'sales', ts: '2023-02-11T00:00:00Z', value: 3 },
        { metric: 'visits', ts: '2023-01-31T23:59:59Z', value: 4 },
        { metric: 'sales', ts: '2023-01-01T00:00:00Z', value: 4 },
      ]),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('sales 2023-01, visits 2023-01 archived by retention'),
      details: {
        archived: [
          { metric: 'sales', month: '2023-01' },
          { metric: 'visits', month: '2023-01' },
        ],
      },
    });
    expect(await rollups()).toEqual(before);

    // Months not archived for a metric still take points: February of sales, and January of a new metric.
    expect(
      await ingestMetricPoints(db, tenantA, [
        { metric: 'sales', ts: '2023-02-11T00:00:00Z', value: 3 },
        { metric: 'orders', ts: '2023-01-10T00:00:00Z', value: 7 },
      ]),
    ).toEqual({ inserted: 2, updated: 0 });
    // Another tenant's archive does not stand in its way.
    expect(
      await ingestMetricPoints(db, tenantB, [{ metric: 'sales', ts: '2023-01-10T00:00:00Z', value: 1 }]),
    ).toEqual({ inserted: 1, updated: 0 });
  });
});

describe('migration 0010 on PostgreSQL', () => {
  let database: TestDatabase;
  const tenant = randomUUID();

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    await withTenant(database.app.db, tenant, (trx) =>
      trx.insertInto('tenants').values({ id: tenant, name: 'before 0010' }).execute(),
    );
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it('goes down to 0009 and back up, carrying the policies set meanwhile into retention_tenants', async () => {
    const migrator = new Migrator({
      db: database.owner,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo('0009_retention')).error).toBeUndefined();
    const table = await sql<{ found: string | null }>`
      select to_regclass(${`${jobsSchema}.retention_tenants`})::text as found`.execute(database.owner);
    expect(table.rows).toEqual([{ found: null }]);
    const columns = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_name = 'sync_runs' and column_name in ('points_deleted', 'deletions_skipped')`.execute(
      database.owner,
    );
    expect(columns.rows).toEqual([]);
    // A policy set by a server still at 0009.
    await withTenant(database.app.db, tenant, (trx) =>
      trx.insertInto('retention_policies').values({ tenant_id: tenant, raw_days: 90 }).execute(),
    );

    expect(await migrateToLatest(database.owner)).toEqual({
      applied: migrationNames.filter((name) => name > '0009_retention'),
    });
    expect(await retentionTenants(database)).toEqual([tenant]);
    // The policy table is forced under row-level security again after the backfill.
    const forced = await sql<{ forced: boolean }>`
      select relforcerowsecurity as forced from pg_class where oid = 'retention_policies'::regclass`.execute(
      database.owner,
    );
    expect(forced.rows).toEqual([{ forced: true }]);
  });
});
