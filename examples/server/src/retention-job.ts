import {
  type ApplyRetentionOptions,
  applyRetention,
  type DyocenseSchema,
  jobsSchema,
  type RetentionReport,
} from '@dyocense/core/db';
import { type Kysely, sql } from 'kysely';

/** What {@link runRetention} did: a report per tenant, or the error that stopped that tenant's run. */
export type RetentionRun = Readonly<
  Record<string, { readonly report: RetentionReport } | { readonly error: unknown }>
>;

/**
 * Applies the retention policy of each tenant in turn (for the job scheduler: e.g. nightly over the known
 * tenants). A tenant's failure is recorded and the next tenant still runs; nothing of a failed month is deleted.
 *
 * @example
 * await runRetention(db, tenantIds, { archiveDirectory: archiveDirectoryFromEnvironment() });
 */
export async function runRetention(
  db: Kysely<DyocenseSchema>,
  tenantIds: readonly string[],
  options: ApplyRetentionOptions,
): Promise<RetentionRun> {
  const run: Record<string, { report: RetentionReport } | { error: unknown }> = {};
  for (const tenantId of tenantIds) {
    try {
      run[tenantId] = { report: await applyRetention(db, tenantId, options) };
    } catch (error) {
      run[tenantId] = { error };
    }
  }
  return run;
}

/**
 * The daily retention job (pg-boss cron, or a test's direct call): applies the policy of every tenant that has
 * one, each under its own `withTenant` ({@link runRetention}). The app role cannot list `retention_policies`
 * across tenants (row-level security), so the tenants come from `dyocense_jobs.retention_tenants`, which a
 * trigger keeps from that table (migration 0010), as the sync scheduler reads `sync_schedules`. It holds ids only;
 * an id with no policy (visible under its own tenant) archives nothing.
 *
 * @example
 * await runRetentionTick(db, { archiveDirectory: archiveDirectoryFromEnvironment() });
 */
export async function runRetentionTick(
  db: Kysely<DyocenseSchema>,
  options: ApplyRetentionOptions,
): Promise<RetentionRun> {
  const { rows } = await sql<{ tenant_id: string }>`
    select tenant_id from ${sql.table(`${jobsSchema}.retention_tenants`)} order by tenant_id`.execute(db);
  return runRetention(
    db,
    rows.map((row) => row.tenant_id),
    options,
  );
}
