import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureMonthlyPartitions,
  ingestMetricPoints,
  type MetricPointInput,
  migrationNames,
  tenantTables,
  withTenant,
} from '../../../src/db/index.js';
import { DyocenseError } from '../../../src/errors/index.js';
import type { TestDatabase } from './engines.js';
import { defineMetricReadSuite } from './metric-read-suite.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The RLS refusal both engines raise: SQLSTATE 42501, "violates row-level security policy". */
async function expectRlsViolation(promise: Promise<unknown>): Promise<void> {
  const error = (await rejection(promise)) as { code?: string; message?: string };
  expect(error.code).toBe('42501');
  expect(error.message).toMatch(/row-level security/);
}

/**
 * The isolation and ingest suite, run unchanged against PGlite and PostgreSQL. `open` returns a migrated
 * database; tenants A and B each get rows in the tables the attacks target.
 */
export function defineDataLayerSuite(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tenants = [tenantA, tenantB, randomUUID(), randomUUID()];
  const db = () => database.app.db;

  beforeAll(async () => {
    database = await open();
    for (const [index, tenant] of tenants.entries()) {
      await withTenant(db(), tenant, async (trx) => {
        await trx
          .insertInto('tenants')
          .values({ id: tenant, name: `Tenant ${index}` })
          .execute();
        const user = await trx
          .insertInto('users')
          .values({
            tenant_id: tenant,
            email: 'owner@example.com',
            role: 'admin',
            display_name: `Owner ${index}`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('goals')
          .values({
            tenant_id: tenant,
            metric: 'revenue',
            title: `Goal of ${index}`,
            target_value: 100 + index,
            start_date: '2024-01-01',
            due_date: '2024-12-31',
          })
          .execute();
        await trx
          .insertInto('audit_log')
          .values({ tenant_id: tenant, actor_user_id: user.id, action: 'seed' })
          .execute();
      });
      await ingestMetricPoints(db(), tenant, [
        { metric: 'revenue', ts: '2023-06-01', value: index, dimensions: { store: 'north' } },
      ]);
    }
  });

  afterAll(async () => {
    await database?.close();
  });

  describe('migrations', () => {
    it('creates every tenant table and records the applied migration', async () => {
      const found = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')`.execute(database.owner);
      expect(found.rows.map((row) => row.name)).toEqual(expect.arrayContaining([...tenantTables]));
      const applied = await database.owner.transaction().execute(async (trx) => {
        await sql`set local role none`.execute(trx);
        return sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
      });
      expect(applied.rows).toEqual(migrationNames.map((name) => ({ name })));
      // Released migrations never change or move; later ones only append.
      expect(migrationNames.slice(0, 4)).toEqual([
        '0001_initial',
        '0002_metric_rollups',
        '0003_goal_settings_and_run_outcomes',
        '0004_ingest_without_tenant_foreign_key',
      ]);
    });
  });

  describe('catalog audit', () => {
    it('forces row-level security with a USING and WITH CHECK policy on every table the app role can reach', async () => {
      const reachable = await sql<{
        name: string;
        rls: boolean;
        forced: boolean;
        policies: number;
        open: number;
      }>`
        select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
          (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
            and p.qual is not null and p.with_check is not null) as policies,
          (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
            and (p.qual = 'true' or p.with_check = 'true')) as open
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and (has_table_privilege('dyocense_app', c.oid, 'select') or has_table_privilege('dyocense_app', c.oid, 'insert')
            or has_table_privilege('dyocense_app', c.oid, 'update') or has_table_privilege('dyocense_app', c.oid, 'delete'))
        order by 1`.execute(database.owner);
      expect(reachable.rows.map((row) => row.name).sort()).toEqual([...tenantTables].sort());
      for (const row of reachable.rows) {
        expect({ name: row.name, rls: row.rls, forced: row.forced, open: row.open }).toEqual({
          name: row.name,
          rls: true,
          forced: true,
          open: 0,
        });
        expect(row.policies, row.name).toBeGreaterThanOrEqual(1);
      }
    });

    it('gives the app role no superuser, no BYPASSRLS, no owned objects, and PUBLIC no table grants', async () => {
      const roles = await sql<{ name: string; superuser: boolean; bypass: boolean; owned: number }>`
        select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
          (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
        from pg_roles r where r.rolname in ('dyocense_app', ${database.appLogin})`.execute(database.owner);
      const appRoles = roles.rows.filter(
        (row) => row.name === 'dyocense_app' || database.engine === 'postgres',
      );
      expect(appRoles.length).toBe(database.engine === 'postgres' ? 2 : 1);
      for (const row of appRoles)
        expect(row).toEqual({ name: row.name, superuser: false, bypass: false, owned: 0 });

      const inside = await withTenant(db(), tenantA, (trx) =>
        sql<{ role: string; superuser: boolean }>`select current_user as role, r.rolsuper as superuser
          from pg_roles r where r.rolname = current_user`.execute(trx),
      );
      expect(inside.rows).toEqual([{ role: 'dyocense_app', superuser: false }]);

      const publicGrants = await sql<{
        name: string;
      }>`select table_name as name from information_schema.role_table_grants
        where grantee = 'PUBLIC' and table_schema = 'public'`.execute(database.owner);
      expect(publicGrants.rows).toEqual([]);
    });

    it('has no SECURITY DEFINER function, materialized view or definer-rights view in the schema', async () => {
      const risky = await sql<{ kind: string; name: string }>`
        select 'definer function' as kind, p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.prosecdef
        union all
        select 'materialized view', c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'm'
        union all
        select 'view without security_invoker', c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'v'
            and not coalesce(c.reloptions @> array['security_invoker=true'], false)`.execute(database.owner);
      expect(risky.rows).toEqual([]);
    });
    it('lets the app execute only SECURITY INVOKER functions, and PUBLIC none', async () => {
      const functions = await sql<{ name: string; definer: boolean; app: boolean; everyone: boolean }>`
        select p.proname as name, p.prosecdef as definer,
          has_function_privilege('dyocense_app', p.oid, 'execute') as app,
          coalesce((select bool_or(a.grantee = 0) from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            where a.privilege_type = 'EXECUTE'), false) as everyone
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' order by 1`.execute(database.owner);
      expect(functions.rows.filter((row) => row.app).map((row) => row.name)).toEqual([
        'dyocense_read_metric',
      ]);
      expect(functions.rows.map(({ name, definer, everyone }) => ({ name, definer, everyone }))).toEqual(
        functions.rows.map(({ name }) => ({ name, definer: false, everyone: false })),
      );
    });
  });

  describe('tenant isolation', () => {
    it('shows a tenant only its own rows, even when it filters on the other tenant id', async () => {
      const seen = await withTenant(db(), tenantA, async (trx) => ({
        tenants: await trx.selectFrom('tenants').select('id').execute(),
        users: await trx.selectFrom('users').select('tenant_id').execute(),
        goals: await trx.selectFrom('goals').select('tenant_id').execute(),
        points: await trx.selectFrom('metric_points').select('tenant_id').execute(),
        audit: await trx.selectFrom('audit_log').select('tenant_id').execute(),
        ofB: await trx.selectFrom('users').selectAll().where('tenant_id', '=', tenantB).execute(),
      }));
      expect(seen.tenants).toEqual([{ id: tenantA }]);
      for (const rows of [seen.users, seen.goals, seen.points, seen.audit]) {
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((row) => row.tenant_id === tenantA)).toBe(true);
      }
      expect(seen.ofB).toEqual([]);
    });

    it('returns no tenant rows to a query made outside withTenant, also right after a tenant transaction', async () => {
      await withTenant(db(), tenantA, (trx) => trx.selectFrom('users').selectAll().execute());
      const users = await db().selectFrom('users').selectAll().execute();
      const points = await db().selectFrom('metric_points').selectAll().execute();
      const setting = await sql<{
        value: string | null;
      }>`select current_setting('app.tenant_id', true) as value`.execute(db());
      expect(users).toEqual([]);
      expect(points).toEqual([]);
      expect([null, '']).toContain(setting.rows[0]?.value);
    });

    it('leaves no tenant context behind after a transaction that threw', async () => {
      const failure = await rejection(
        withTenant(db(), tenantA, async () => {
          throw new Error('boom');
        }),
      );
      expect((failure as Error).message).toBe('boom');
      expect(await db().selectFrom('goals').selectAll().execute()).toEqual([]);
    });

    it('refuses to insert a row stamped with another tenant', async () => {
      await expectRlsViolation(
        withTenant(db(), tenantA, (trx) =>
          trx
            .insertInto('goals')
            .values({
              tenant_id: tenantB,
              metric: 'revenue',
              title: 'planted',
              target_value: 1,
              start_date: '2024-01-01',
              due_date: '2024-02-01',
            })
            .execute(),
        ),
      );
    });

    it('cannot update or delete the other tenant rows, and they stay intact', async () => {
      const changed = await withTenant(db(), tenantA, async (trx) => ({
        updated: await trx
          .updateTable('goals')
          .set({ title: 'hijacked' })
          .where('tenant_id', '=', tenantB)
          .executeTakeFirst(),
        deleted: await trx.deleteFrom('users').where('tenant_id', '=', tenantB).executeTakeFirst(),
        everything: await trx.updateTable('goals').set({ target_value: 0 }).executeTakeFirst(),
      }));
      expect(changed.updated.numUpdatedRows).toBe(0n);
      expect(changed.deleted.numDeletedRows).toBe(0n);
      expect(changed.everything.numUpdatedRows).toBe(1n);
      const ofB = await withTenant(db(), tenantB, async (trx) => ({
        goals: await trx.selectFrom('goals').select(['title', 'target_value']).execute(),
        users: await trx.selectFrom('users').select('email').execute(),
      }));
      expect(ofB.goals).toEqual([{ title: 'Goal of 1', target_value: 101 }]);
      expect(ofB.users).toEqual([{ email: 'owner@example.com' }]);
    });

    it('cannot move its own row to another tenant', async () => {
      await expectRlsViolation(
        withTenant(db(), tenantA, (trx) => trx.updateTable('goals').set({ tenant_id: tenantB }).execute()),
      );
    });

    it('cannot write the other tenant rows through an upsert on a shared key', async () => {
      await withTenant(db(), tenantA, (trx) =>
        trx
          .insertInto('users')
          .values({ tenant_id: tenantA, email: 'owner@example.com', role: 'viewer' })
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'email']).doUpdateSet({ display_name: 'upserted' }),
          )
          .execute(),
      );
      const ofB = await withTenant(db(), tenantB, (trx) =>
        trx.selectFrom('users').select('display_name').execute(),
      );
      expect(ofB).toEqual([{ display_name: 'Owner 1' }]);
      await expectRlsViolation(
        withTenant(db(), tenantA, (trx) =>
          trx
            .insertInto('users')
            .values({ tenant_id: tenantB, email: 'owner@example.com', role: 'viewer' })
            .onConflict((conflict) =>
              conflict.columns(['tenant_id', 'email']).doUpdateSet({ display_name: 'upserted' }),
            )
            .execute(),
        ),
      );
    });

    it('rejects a row of the original tenant after fn switches app.tenant_id to another tenant', async () => {
      await expectRlsViolation(
        withTenant(db(), tenantA, async (trx) => {
          await sql`select set_config('app.tenant_id', ${tenantB}, true)`.execute(trx);
          await trx.insertInto('audit_log').values({ tenant_id: tenantA, action: 'smuggled' }).execute();
        }),
      );
    });

    it('lets two tenants hold the same unique value without revealing each other', async () => {
      const emails = await withTenant(db(), tenantA, (trx) =>
        trx.selectFrom('users').select('email').where('email', '=', 'owner@example.com').execute(),
      );
      expect(emails).toHaveLength(1);
      const total = await withTenant(db(), tenantA, (trx) =>
        trx
          .selectFrom('metric_points')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow(),
      );
      expect(Number(total.count)).toBe(1);
    });

    it('rejects crafted tenant ids as invalid input before any SQL runs', async () => {
      for (const crafted of [
        "' or 1=1 --",
        `${tenantB}'; reset role; --`,
        `${tenantA} `,
        '',
        '00000000-0000-0000-0000-00000000000g',
      ]) {
        const error = await rejection(
          withTenant(db(), crafted, (trx) => trx.selectFrom('users').selectAll().execute()),
        );
        expect(DyocenseError.isInstance(error) && error.code, crafted).toBe('invalid_input');
      }
    });

    it('treats hostile filter values as data, never SQL', async () => {
      const rows = await withTenant(db(), tenantA, (trx) =>
        trx.selectFrom('users').selectAll().where('email', '=', "x' or '1'='1").execute(),
      );
      expect(rows).toEqual([]);
    });

    it('keeps every row with its caller across 200 interleaved transactions of 4 tenants', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          const tenant = tenants[index % tenants.length] as string;
          const rows = await withTenant(db(), tenant, async (trx) => {
            await new Promise((resolve) => setTimeout(resolve, index % 3));
            return trx.selectFrom('users').select('tenant_id').execute();
          });
          return rows.length > 0 && rows.every((row) => row.tenant_id === tenant);
        }),
      );
      expect(results.filter((ok) => !ok)).toEqual([]);
    });
  });

  describe('audit_log', () => {
    it('rejects UPDATE and DELETE from the app', async () => {
      for (const attempt of [
        (tenant: string) =>
          withTenant(db(), tenant, (trx) =>
            trx.updateTable('audit_log').set({ action: 'rewritten' }).execute(),
          ),
        (tenant: string) => withTenant(db(), tenant, (trx) => trx.deleteFrom('audit_log').execute()),
      ]) {
        const error = (await rejection(attempt(tenantA))) as { code?: string };
        expect(error.code).toBe('42501');
      }
      const rows = await withTenant(db(), tenantA, (trx) =>
        trx.selectFrom('audit_log').select('action').execute(),
      );
      expect(rows).toEqual([{ action: 'seed' }]);
    });

    it('rejects UPDATE, DELETE and TRUNCATE from the owner too', async () => {
      for (const statement of [
        'update audit_log set action = $$x$$',
        'delete from audit_log',
        'truncate audit_log',
      ]) {
        const error = (await rejection(
          database.owner.transaction().execute(async (trx) => {
            await sql`set local role none`.execute(trx);
            await sql.raw(statement).execute(trx);
          }),
        )) as { message?: string };
        expect(error.message).toMatch(/append-only/);
      }
    });
  });

  describe('bulk ingest', () => {
    const points: MetricPointInput[] = Array.from({ length: 1200 }, (_, index) => ({
      metric: 'orders',
      ts: new Date(Date.UTC(2024, 0, 1 + (index % 600))),
      value: index,
      dimensions: { store: index < 600 ? 'north' : 'south', channel: 'web' },
    }));
    const countOrders = (tenant: string) =>
      withTenant(db(), tenant, (trx) =>
        trx
          .selectFrom('metric_points')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('metric', '=', 'orders')
          .executeTakeFirstOrThrow(),
      ).then((row) => Number(row.count));

    it('stores a re-uploaded file once and rewrites only changed values', async () => {
      expect(await ingestMetricPoints(db(), tenantA, points, { batchSize: 500 })).toEqual({
        inserted: 1200,
        updated: 0,
      });
      expect(await ingestMetricPoints(db(), tenantA, points, { batchSize: 500 })).toEqual({
        inserted: 0,
        updated: 0,
      });
      const changed = points.map((point, index) => (index === 7 ? { ...point, value: -1 } : point));
      expect(await ingestMetricPoints(db(), tenantA, changed)).toEqual({ inserted: 0, updated: 1 });
      expect(await countOrders(tenantA)).toBe(1200);
      expect(await countOrders(tenantB)).toBe(0);
    });

    it('treats the same dimensions in another key order as the same series', async () => {
      const point = { metric: 'visits', ts: '2024-02-01T00:00:00Z', value: 3 };
      await ingestMetricPoints(db(), tenantB, [{ ...point, dimensions: { a: '1', b: '2' } }]);
      expect(await ingestMetricPoints(db(), tenantB, [{ ...point, dimensions: { b: '2', a: '1' } }])).toEqual(
        {
          inserted: 0,
          updated: 0,
        },
      );
    });

    it('writes nothing when a batch after the first fails in the database', async () => {
      const tenant = tenants[2] as string;
      const batch = points
        .slice(0, 6)
        .map((point, index) => (index === 4 ? { ...point, dimensions: { store: 'bad\u0000value' } } : point));
      const error = await rejection(ingestMetricPoints(db(), tenant, batch, { batchSize: 2 }));
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
      expect(await countOrders(tenant)).toBe(0);
    });

    it('rejects invalid points with their index before writing', async () => {
      const error = await rejection(
        ingestMetricPoints(db(), tenantA, [
          { metric: 'orders', ts: '2024-01-01', value: 1 },
          { metric: 'orders', ts: 'not a date', value: 1 },
        ]),
      );
      expect(DyocenseError.isInstance(error) && error.issues[0]?.path[0]).toBe(1);
    });
  });

  describe('monthly partitions', () => {
    it('routes points to their month partition and the rest to the default partition', async () => {
      const created = await ensureMonthlyPartitions(database.owner, '2026-01', '2026-03');
      expect(created).toEqual(['2026-01', '2026-02', '2026-03']);
      expect(await ensureMonthlyPartitions(database.owner, '2026-02', '2026-03')).toEqual([]);
      const tenant = tenants[3] as string;
      await ingestMetricPoints(db(), tenant, [
        { metric: 'cash', ts: '2026-02-14T10:00:00Z', value: 1 },
        { metric: 'cash', ts: '2031-01-01T00:00:00Z', value: 2 },
      ]);
      const placed = await withTenant(db(), tenant, (trx) =>
        sql<{ partition: string }>`select tableoid::regclass::text as partition from metric_points
          where metric = 'cash' order by ts`.execute(trx),
      );
      expect(placed.rows.map((row) => row.partition)).toEqual([
        'metric_points_p202602',
        'metric_points_default',
      ]);
    });

    it('denies the app direct access to a partition', async () => {
      const error = (await rejection(
        withTenant(db(), tenantA, (trx) => sql`select * from metric_points_default`.execute(trx)),
      )) as { code?: string };
      expect(error.code).toBe('42501');
    });

    it('refuses to create a month whose points already sit in the default partition', async () => {
      const error = await rejection(ensureMonthlyPartitions(database.owner, '2023-06', '2023-06'));
      expect(DyocenseError.isInstance(error) && error.code).toBe('conflict');
    });
  });

  describe('metric rollups and the one-round-trip read', () => {
    defineMetricReadSuite(() => database);
  });
}
