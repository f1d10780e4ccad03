import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames, withTenant } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrate.js';
import { createPostgresTestDatabase, type TestDatabase } from './internal/engines.js';

describe('migration 0011 (oauth_states) on PostgreSQL', () => {
  let database: TestDatabase;
  const tenant = randomUUID();
  const dataSource = randomUUID();

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    await withTenant(database.app.db, tenant, async (trx) => {
      await trx.insertInto('tenants').values({ id: tenant, name: 'oauth' }).execute();
      await trx
        .insertInto('data_sources')
        .values({ tenant_id: tenant, id: dataSource, connector_id: 'salesforce', name: 'crm', config: '{}' })
        .execute();
    });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  const pendingRow = () => ({
    tenant_id: tenant,
    id: randomUUID(),
    data_source_id: dataSource,
    subject: 'admin@test',
    secret_hash: 'hash',
    code_verifier: 'sealed',
    redirect_uri: 'https://dyocense.example.test/v1/oauth/callback',
    expires_at: new Date(Date.now() + 60_000),
  });

  it('isolates pending states per tenant, lets the app insert and delete but not update them', async () => {
    const row = pendingRow();
    await withTenant(database.app.db, tenant, (trx) => trx.insertInto('oauth_states').values(row).execute());
    const other = await withTenant(database.app.db, randomUUID(), (trx) =>
      trx.selectFrom('oauth_states').select('id').execute(),
    );
    expect(other).toEqual([]);
    await expect(
      withTenant(database.app.db, tenant, (trx) =>
        sql`update oauth_states set expires_at = now() + interval '1 day'`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
    // Deleting the data source deletes its pending states.
    await withTenant(database.app.db, tenant, (trx) =>
      trx.deleteFrom('data_sources').where('id', '=', dataSource).execute(),
    );
    const left = await withTenant(database.app.db, tenant, (trx) =>
      trx.selectFrom('oauth_states').select('id').execute(),
    );
    expect(left).toEqual([]);
  });

  it('goes down to 0010 (dropping the table) and back up', async () => {
    const migrator = new Migrator({
      db: database.owner,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo('0010_retention_jobs_and_sync_deletions')).error).toBeUndefined();
    const gone = await sql<{ found: string | null }>`
      select to_regclass('oauth_states')::text as found`.execute(database.owner);
    expect(gone.rows).toEqual([{ found: null }]);
    expect(await migrateToLatest(database.owner)).toEqual({
      applied: migrationNames.filter((name) => name > '0010_retention_jobs_and_sync_deletions'),
    });
    const forced = await sql<{ forced: boolean }>`
      select relforcerowsecurity as forced from pg_class where oid = 'oauth_states'::regclass`.execute(
      database.owner,
    );
    expect(forced.rows).toEqual([{ forced: true }]);
  });
});
