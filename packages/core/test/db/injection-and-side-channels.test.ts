import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMetricPoints, tenantTables, withTenant } from '../../src/db/index.js';
import { DyocenseError } from '../../src/errors/index.js';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
} from './internal/engines.js';

async function rejection(
  promise: Promise<unknown>,
): Promise<{ code?: string; message?: string; detail?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string; detail?: string };
  }
  throw new Error('expected a rejection');
}

// Attack classes 7 (injection) and 8 (side channels) of the isolation suite, on both engines.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', () => createPostgresTestDatabase()],
])('injection and side channels on %s', (engine, open) => {
  let database: TestDatabase;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  let userOfB: string;
  let goalOfB: string;
  const db = () => database.app.db;

  beforeAll(async () => {
    database = await open();
    for (const tenant of [tenantA, tenantB]) {
      await withTenant(db(), tenant, (trx) =>
        trx
          .insertInto('tenants')
          .values({ id: tenant, name: `tenant ${tenant}` })
          .execute(),
      );
    }
    const seeded = await withTenant(db(), tenantB, async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({ tenant_id: tenantB, email: 'only-b@example.com', role: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const goal = await trx
        .insertInto('goals')
        .values({
          tenant_id: tenantB,
          metric: 'revenue',
          title: 'B goal',
          target_value: 5,
          start_date: '2024-01-01',
          due_date: '2024-12-31',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { user: user.id, goal: goal.id };
    });
    userOfB = seeded.user;
    goalOfB = seeded.goal;
    await ingestMetricPoints(db(), tenantB, [
      { metric: 'revenue', ts: '2024-01-01', value: 1_000_000 },
      { metric: 'revenue', ts: '2024-01-02', value: 2_000_000 },
      { metric: 'secret-metric-of-b', ts: '2024-01-01', value: 7 },
    ]);
    await ingestMetricPoints(db(), tenantA, [
      { metric: 'revenue', ts: '2024-01-01', value: 10 },
      { metric: 'revenue', ts: '2024-01-03', value: 30 },
    ]);
  });

  afterAll(async () => {
    await database?.close();
  });

  describe('injection (attack class 7)', () => {
    const hostileNames = [
      "'; drop table metric_points; --",
      "revenue' or '1'='1",
      '$1); delete from metric_points where (1=1',
      '\\x27; select pg_sleep(10); --',
      'ре́венью 💸 "quoted"',
    ];

    it('stores hostile metric names, dimension keys and values as data and reads them back exactly', async () => {
      const points = hostileNames.map((name, index) => ({
        metric: name,
        ts: `2024-02-0${index + 1}`,
        value: index,
        dimensions: { [`${name} key`]: `${name} value` },
      }));
      expect(await ingestMetricPoints(db(), tenantA, points)).toEqual({ inserted: 5, updated: 0 });
      for (const [index, name] of hostileNames.entries()) {
        const rows = await withTenant(db(), tenantA, (trx) =>
          trx
            .selectFrom('metric_points')
            .select(['value', 'dimensions'])
            .where('metric', '=', name)
            .execute(),
        );
        expect(rows).toEqual([{ value: index, dimensions: { [`${name} key`]: `${name} value` } }]);
      }
      // The table survived, and B still sees exactly its own three points.
      const ofB = await withTenant(db(), tenantB, (trx) =>
        trx.selectFrom('metric_points').select('metric').orderBy('metric').execute(),
      );
      expect(ofB.map((row) => row.metric)).toEqual(['revenue', 'revenue', 'secret-metric-of-b']);
    });

    it('refuses a NUL byte in a metric name as invalid input, not a driver crash', async () => {
      const error = await rejection(
        ingestMetricPoints(db(), tenantA, [{ metric: 'a\0b', ts: '2024-01-01', value: 1 }]),
      );
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
    });
  });

  describe('side channels (attack class 8)', () => {
    it('keys every unique index and foreign key of a tenant table by tenant_id', async () => {
      const unkeyed = await sql<{ table: string; index: string }>`
        select c.relname as "table", i.relname as "index"
        from pg_index x
        join pg_class c on c.oid = x.indrelid
        join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and x.indisunique and c.relname = any(${[...tenantTables]})
          and c.relname <> 'tenants'
          and not exists (
            select 1 from pg_attribute a
            where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum = any(x.indkey)
          )`.execute(database.owner);
      expect(unkeyed.rows).toEqual([]);
      const foreignKeys = await sql<{ table: string; constraint: string }>`
        select c.relname as "table", k.conname as "constraint"
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_class r on r.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and k.contype = 'f' and r.relname <> 'tenants'
          and c.relname = any(${[...tenantTables]})
          and not exists (
            select 1 from pg_attribute a
            where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum = any(k.conkey)
          )`.execute(database.owner);
      expect(foreignKeys.rows).toEqual([]);
    });

    it("accepts another tenant's unique value and id, so a conflict cannot reveal that they exist", async () => {
      await withTenant(db(), tenantA, async (trx) => {
        await trx
          .insertInto('users')
          .values({ tenant_id: tenantA, email: 'only-b@example.com', role: 'viewer' })
          .execute();
        await trx
          .insertInto('goals')
          .values({
            id: goalOfB,
            tenant_id: tenantA,
            metric: 'revenue',
            title: 'same id as B',
            target_value: 1,
            start_date: '2024-01-01',
            due_date: '2024-12-31',
          })
          .execute();
      });
      // Uniqueness still holds within A, and the violation quotes only A's own key.
      const duplicate = await rejection(
        withTenant(db(), tenantA, (trx) =>
          trx
            .insertInto('users')
            .values({ tenant_id: tenantA, email: 'only-b@example.com', role: 'viewer' })
            .execute(),
        ),
      );
      expect(duplicate.code).toBe('23505');
      expect(`${duplicate.message} ${duplicate.detail ?? ''}`).not.toContain(tenantB);
      const ofB = await withTenant(db(), tenantB, (trx) => trx.selectFrom('goals').select('title').execute());
      expect(ofB).toEqual([{ title: 'B goal' }]);
    });

    it("answers a reference to another tenant's row exactly like a reference to a row that does not exist", async () => {
      const attempt = (userId: string) =>
        rejection(
          withTenant(db(), tenantA, (trx) =>
            trx
              .insertInto('api_keys')
              .values({
                tenant_id: tenantA,
                user_id: userId,
                name: 'probe',
                key_prefix: `probe-${randomUUID()}`,
                key_hash: 'x',
                role: 'viewer',
              })
              .execute(),
          ),
        );
      const missing = randomUUID();
      const ofB = await attempt(userOfB);
      const none = await attempt(missing);
      expect(ofB.code).toBe('23503');
      expect(none.code).toBe('23503');
      expect(ofB.message?.replace(userOfB, '<id>')).toBe(none.message?.replace(missing, '<id>'));
      expect((ofB.detail ?? '').replace(userOfB, '<id>')).toBe((none.detail ?? '').replace(missing, '<id>'));
    });

    it('counts only its own rows in aggregates, group-bys and distinct lists', async () => {
      const aggregates = await withTenant(db(), tenantA, (trx) =>
        sql<{ points: number; total: number; biggest: number; metrics: string[] }>`
          select count(*)::int as points, sum(value)::float8 as total, max(value)::float8 as biggest,
            array_agg(distinct metric order by metric) as metrics
          from metric_points where metric in ('revenue', 'secret-metric-of-b')`.execute(trx),
      );
      expect(aggregates.rows).toEqual([{ points: 2, total: 40, biggest: 30, metrics: ['revenue'] }]);
      const rollups = await withTenant(db(), tenantA, (trx) =>
        sql<{ tenants: number; biggest: number | null }>`
          select count(distinct tenant_id)::int as tenants, max(value_max)::float8 as biggest
          from metric_rollups_day`.execute(trx),
      );
      expect(rollups.rows[0]?.tenants).toBeLessThanOrEqual(1);
      expect(rollups.rows[0]?.biggest ?? 0).toBeLessThan(1_000_000);
      const userCount = await withTenant(db(), tenantA, (trx) =>
        sql<{ count: number }>`select count(*)::int as count from users`.execute(trx),
      );
      expect(userCount.rows).toEqual([{ count: 1 }]);
    });

    // PGlite runs as superuser underneath (see DESIGN.md), so only real PostgreSQL can hide statistics.
    if (engine === 'PostgreSQL')
      it('hides planner statistics of tenant tables from the app role', async () => {
        await sql`analyze metric_points`.execute(database.owner);
        const stats = await withTenant(db(), tenantA, (trx) =>
          sql<{ column: string; values: string | null }>`
          select attname as "column", most_common_vals::text as "values" from pg_stats
          where tablename like 'metric_points%'`.execute(trx),
        );
        expect(stats.rows).toEqual([]);
      });
  });
});
