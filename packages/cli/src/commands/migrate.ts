import { appRole, migrateToLatest } from '@dyocense/core/db';
import type { CliIo } from '../cli-io.js';
import { databaseOptions, openDatabaseTarget, resolveDatabaseTarget } from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

/**
 * `dyocense migrate [--database-url OWNER_URL] [--data-dir DIR]`: creates or updates the schema, its row-level
 * security policies, the NOLOGIN group role `dyocense_app` (no ownership, no BYPASSRLS) and the job queue's
 * schema (pg-boss, with the app role's grants), then prints
 * `{ "applied": [migration names], "appRole": "dyocense_app" }`. Idempotent: a second run applies nothing.
 * Run it with the schema owner's URL (flag or `DATABASE_URL`); without one it migrates the PGlite directory.
 */
export async function migrateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArguments('migrate', argv, databaseOptions, 0);
  const target = resolveDatabaseTarget('migrate', values, io.cwd);
  const database = await openDatabaseTarget(target);
  try {
    // PGlite migrates when it opens; running again would report nothing applied.
    const report = database.migrated ?? (await migrateToLatest(database.db));
    // The job queue's schema (pg-boss) is DDL too: only the owner can create it, and grant the app role its part.
    const { installJobQueue } = await import('@dyocense/example-server');
    await installJobQueue(database.db);
    io.stdout(`${JSON.stringify({ applied: report.applied, appRole })}\n`);
  } finally {
    await database.close();
  }
  return exitCodes.ok;
}
