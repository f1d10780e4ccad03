import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DyocenseSchema } from './schema.js';
import { type TenantTable, tenantTables } from './tenant-tables.js';
import { withTenant } from './with-tenant.js';

/**
 * Tables emptied before the tenant row, children first: {@link tenantTables} lists parents before children, so
 * its reverse is a safe order. `audit_log` goes with the tenant row (ON DELETE CASCADE, migration 0007): it stays
 * append-only for everything but erasure.
 */
const erasureOrder = tenantTables
  .filter(
    (table): table is Exclude<TenantTable, 'tenants' | 'audit_log'> =>
      table !== 'tenants' && table !== 'audit_log',
  )
  .reverse();

/** Rows deleted per table by {@link eraseTenant}; `tenants` is 1 when the tenant existed. */
export type ErasureReport = Readonly<Record<TenantTable, number>>;

/**
 * Hard-deletes every row of one tenant, in every tenant table, in one transaction under the tenant's row-level
 * security (GDPR Art. 17): either everything goes or nothing does. The audit log goes last, with the tenant row.
 *
 * @returns the number of rows deleted per table (all zero for an unknown tenant).
 * @throws DyocenseError `invalid_input` when `tenantId` is not a UUID; database errors roll everything back.
 * @example
 * const report = await eraseTenant(db, tenantId); // { metric_points: 120000, ..., tenants: 1 }
 */
export async function eraseTenant(db: Kysely<DyocenseSchema>, tenantId: string): Promise<ErasureReport> {
  return withTenant(db, tenantId, async (trx) => {
    // Metric points have no foreign key to tenants (migration 0004): locking the row first makes a concurrent
    // ingest (which locks it FOR KEY SHARE) finish before these deletes, or wait and then find no tenant.
    await sql`select id from tenants where id = ${tenantId}::uuid for update`.execute(trx);
    const deleted: Partial<Record<TenantTable, number>> = {};
    for (const table of erasureOrder) {
      const result = await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}::uuid`.execute(
        trx,
      );
      deleted[table] = Number(result.numAffectedRows ?? 0n);
    }
    const audit = await sql<{ count: string }>`
      select count(*) as count from audit_log where tenant_id = ${tenantId}::uuid`.execute(trx);
    const tenant = await sql`delete from tenants where id = ${tenantId}::uuid`.execute(trx);
    const tenantDeleted = Number(tenant.numAffectedRows ?? 0n);
    deleted.audit_log = tenantDeleted === 1 ? Number(audit.rows[0]?.count ?? 0) : 0;
    deleted.tenants = tenantDeleted;
    return deleted as ErasureReport;
  });
}
