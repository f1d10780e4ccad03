import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { DyocenseError } from '../errors/index.js';
import { initialMigration } from './migrations/0001-initial.js';

/** Migrations in code (not files read at run time), so bundles and the published package carry them. */
const migrations = { '0001_initial': initialMigration };

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
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}
