import { DyocenseError } from '@dyocense/core';
import type { CliIo } from '../cli-io.js';
import { databaseOptions, openDatabaseTarget, resolveDatabaseTarget } from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = { name: { type: 'string' }, ...databaseOptions } as const;

/**
 * `dyocense tenant create --name NAME [--database-url URL] [--data-dir DIR]`: creates a tenant (and its audit
 * entry) and prints `{ "id", "name", "createdAt" }`. Takes the owner's URL, an API role's URL, or (without a
 * URL) the PGlite directory; on PostgreSQL the schema must be migrated first (`dyocense migrate`).
 */
export async function tenantCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('tenant', argv, options, 1);
  if (positionals[0] !== 'create') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense tenant: expected "create", got ${positionals[0] === undefined ? 'nothing' : `"${positionals[0]}"`}`,
    });
  }
  if (values.name === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense tenant create: --name NAME is required',
    });
  }
  const target = resolveDatabaseTarget('tenant', values, io.cwd);
  const { assertSchemaCurrent, createTenant, tenantNameSchema } = await import('@dyocense/example-server');
  // Validated before a database is opened, so a bad name never creates a PGlite directory.
  const name = tenantNameSchema.safeParse(values.name);
  if (!name.success) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense tenant create: --name ${name.error.issues[0]?.message ?? 'is invalid'}`,
    });
  }
  const database = await openDatabaseTarget(target);
  try {
    if (database.engine === 'postgres') await assertSchemaCurrent(database.db);
    const tenant = await createTenant(database.db, { name: name.data });
    io.stdout(`${JSON.stringify(tenant)}\n`);
  } finally {
    await database.close();
  }
  return exitCodes.ok;
}
