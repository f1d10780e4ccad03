import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { DyocenseError } from '../errors/index.js';
import { initialMigration } from './migrations/0001-initial.js';
import { metricRollupsMigration } from './migrations/0002-metric-rollups.js';
import { goalSettingsAndRunOutcomesMigration } from './migrations/0003-goal-settings-and-run-outcomes.js';
import { ingestWithoutTenantForeignKeyMigration } from './migrations/0004-ingest-without-tenant-foreign-key.js';
import { tenantChangeNotificationsMigration } from './migrations/0005-tenant-change-notifications.js';
import { dataSourceSecretsMigration } from './migrations/0006-data-source-secrets.js';
import { tenantErasureMigration } from './migrations/0007-tenant-erasure.js';
import { syncJobsMigration } from './migrations/0008-sync-jobs.js';
import { retentionMigration } from './migrations/0009-retention.js';
import { retentionJobsAndSyncDeletionsMigration } from './migrations/0010-retention-jobs-and-sync-deletions.js';
import { oauthStatesMigration } from './migrations/0011-oauth-states.js';

/**
 * Migrations in code (not files read at run time), so bundles and the published package carry them. Exported
 * for tests that migrate down and back up (not part of the package's entry points).
 */
export const migrations = {
  '0001_initial': initialMigration,
  '0002_metric_rollups': metricRollupsMigration,
  '0003_goal_settings_and_run_outcomes': goalSettingsAndRunOutcomesMigration,
  '0004_ingest_without_tenant_foreign_key': ingestWithoutTenantForeignKeyMigration,
  '0005_tenant_change_notifications': tenantChangeNotificationsMigration,
  '0006_data_source_secrets': dataSourceSecretsMigration,
  '0007_tenant_erasure': tenantErasureMigration,
  '0008_sync_jobs': syncJobsMigration,
  '0009_retention': retentionMigration,
  '0010_retention_jobs_and_sync_deletions': retentionJobsAndSyncDeletionsMigration,
  '0011_oauth_states': oauthStatesMigration,
};

/** Every migration this version knows, oldest first; the last one is the schema version it needs. */
export const migrationNames: readonly string[] = Object.keys(migrations).sort();

// The app role may read no table without row-level security (the catalog audit checks this), so it cannot read
// kysely's migration table. Its comment mirrors the latest applied migration: catalog text any role can read.
const schemaVersionPrefix = 'dyocense schema version ';

/** Names of the migrations {@link migrateToLatest} applied in this call (empty when already up to date). */
export interface MigrationReport {
  readonly applied: readonly string[];
}

/**
 * Applies every pending migration in one transaction each, under kysely's migration lock.
 *
 * Run it with the owner's connection (never the app role's): it creates the tables, their row-level security
 * policies and the `dyocense_app` group role with its grants.
 *
 * @throws DyocenseError `internal` when a migration fails (the failed migration is rolled back).
 * @example
 * const owner = createPostgresDatabase({ connectionString: process.env.OWNER_URL });
 * await migrateToLatest(owner.db);
 */
export async function migrateToLatest<Database>(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new DyocenseError({
      code: 'internal',
      message: `Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
      details: { migration: failed },
    });
  }
  const latest = migrationNames.at(-1);
  await sql
    .raw(`comment on table kysely_migration is '${schemaVersionPrefix}${latest}'`)
    .execute(db as Kysely<unknown>);
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}

/** Where a database's schema stands against the migrations this version knows ({@link readSchemaVersion}). */
export interface SchemaVersion {
  /** The latest migration applied, or `undefined` when the database was never migrated. */
  readonly current: string | undefined;
  /** The migration this version needs (the last of {@link migrationNames}). */
  readonly required: string;
  /** `current`: at the required migration; `behind`: migrations pending; `ahead`: migrated by a newer version. */
  readonly status: 'current' | 'behind' | 'ahead';
  /** Migrations {@link migrateToLatest} would apply. */
  readonly pending: readonly string[];
}

/**
 * Reads the schema version from the catalog, with any role (the app role included): it needs no privilege on
 * any table, so `dyocense serve` can check it before serving without being able to migrate.
 */
export async function readSchemaVersion<Database>(db: Kysely<Database>): Promise<SchemaVersion> {
  const { rows } = await sql<{ description: string | null }>`
    select obj_description(to_regclass('kysely_migration'), 'pg_class') as description`.execute(db);
  const description = rows[0]?.description ?? null;
  const current = description?.startsWith(schemaVersionPrefix)
    ? description.slice(schemaVersionPrefix.length)
    : undefined;
  const required = migrationNames.at(-1) ?? '';
  const pending = migrationNames.filter((name) => current === undefined || name > current);
  const status = current === required ? 'current' : pending.length > 0 ? 'behind' : 'ahead';
  return { current, required, status, pending };
}
