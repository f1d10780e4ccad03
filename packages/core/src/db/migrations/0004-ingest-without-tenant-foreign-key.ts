import { type Kysely, sql } from 'kysely';
import { rollupGrains } from '../tenant-tables.js';

// The foreign keys metric_points.tenant_id -> tenants and metric_rollups_*.tenant_id -> tenants ran one RI
// trigger per written row: about a third of a bulk ingest's insert time, and as much again for the day rollups
// (measured on PostgreSQL 15: 10,000 points of one tenant, 2,000 new day rollups). They are dropped because they
// guard nothing the rest of the design leaves open (`insertMetricPoints` is the only writer of these tables):
// - Another tenant's id: the forced policy's WITH CHECK admits only rows whose tenant_id is the transaction's
//   `app.tenant_id`, and the server sets that only for the authenticated tenant of an existing tenant row.
// - A tenant that does not exist, or one being erased: `insertMetricPoints` (the only writer of metric_points)
//   first locks the tenant row FOR KEY SHARE, once per ingest, and refuses an unknown tenant; the row then cannot
//   be deleted before the ingest commits (the lock the per-row check took, taken once).
// - Erasure (`eraseTenant`) deletes a tenant's points and rollups explicitly before its tenant row. To exclude an
//   ingest committing between the two, erasure must lock the tenant row first (FOR UPDATE): a concurrent ingest
//   then waits for it and finds no tenant.
const tables = ['metric_points', ...rollupGrains.map((grain) => `metric_rollups_${grain}`)];

/** Drops the per-row foreign keys of metric points and rollups to tenants (the comment above says why it is safe). */
export const ingestWithoutTenantForeignKeyMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const table of tables) {
      await sql.raw(`alter table ${table} drop constraint if exists ${table}_tenant_id_fkey`).execute(db);
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of tables) {
      await sql
        .raw(
          `alter table ${table} add constraint ${table}_tenant_id_fkey foreign key (tenant_id) references tenants (id)`,
        )
        .execute(db);
    }
  },
};
