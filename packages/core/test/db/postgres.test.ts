import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, withTenant } from '../../src/db/index.js';
import { createPostgresTestDatabase, type TestDatabase } from './internal/engines.js';
import { defineDataLayerSuite } from './internal/isolation-suite.js';

describe('data layer on PostgreSQL', () => {
  defineDataLayerSuite(createPostgresTestDatabase);
});

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

  it('reports nothing pending when the owner migrates again', async () => {
    expect(await migrateToLatest(database.owner)).toEqual({ applied: [] });
  });
});
