import { type Kysely, sql } from 'kysely';

/** The channel {@link tenantChangeNotificationsMigration}'s triggers notify on. */
export const tenantChangeChannel = 'dyocense_tenant_changes';

// Tables whose writes change what a metric or KPI read answers: the points, the rollups the reads come from (an
// ingest that wrote a partition directly still refreshes these), and the tenant's KPI definitions.
const watchedTables = [
  'metric_points',
  'metric_rollups_day',
  'metric_rollups_week',
  'metric_rollups_month',
  'kpi_definitions',
];

const functionName = 'dyocense_notify_tenant_change';

// Statement-level, so a 1M-point ingest costs a few trigger calls, not one per row; PostgreSQL folds identical
// notifications of one transaction into one, delivered at commit (none on rollback). Under forced row-level
// security the app role writes only the tenant in `app.tenant_id`, so that setting names the tenant; a write
// without it (the owner, a migration) sends '' and listeners drop everything. SECURITY INVOKER, and PUBLIC may
// not call it: triggers fire without an EXECUTE check.
const up = [
  `create function ${functionName}() returns trigger
     language plpgsql security invoker
     set search_path = pg_catalog, pg_temp
   as $fn$
   begin
     perform pg_notify('${tenantChangeChannel}', coalesce(current_setting('app.tenant_id', true), ''));
     return null;
   end
   $fn$`,
  `revoke all on function ${functionName}() from public`,
  ...watchedTables.map(
    (table) => `create trigger ${table}_notify_tenant_change
       after insert or update or delete or truncate on ${table}
       for each statement execute function ${functionName}()`,
  ),
];

const down = [
  ...watchedTables.map((table) => `drop trigger if exists ${table}_notify_tenant_change on ${table}`),
  `drop function if exists ${functionName}()`,
];

/**
 * Every committed write to a tenant's metric points, rollups or KPI definitions notifies
 * {@link tenantChangeChannel} with the tenant id, so every server process can drop its cached reads of that
 * tenant (the reference server's read cache listens).
 */
export const tenantChangeNotificationsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
