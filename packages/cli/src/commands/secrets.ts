import { DyocenseError } from '@dyocense/core';
import type { CliIo } from '../cli-io.js';
import { databaseOptions, openDatabaseTarget, resolveDatabaseTarget } from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

/**
 * `dyocense secrets rotate [--database-url OWNER_URL] [--data-dir DIR]`: re-seals every stored data-source secret
 * under the newest key of `DYOCENSE_SECRET_KEYS` (comma-separated, newest first; each key 32 bytes as base64 or
 * 64 hex digits), one transaction per tenant, and prints `{ keyId, tenants, dataSources, secrets }`. Rotate by
 * putting a new key first, restarting the servers, running this, then dropping the old key.
 */
export async function secretsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('secrets', argv, databaseOptions, 1);
  if (positionals[0] !== 'rotate') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense secrets: expected "rotate", got ${positionals[0] === undefined ? 'nothing' : `"${positionals[0]}"`}`,
    });
  }
  const { secretKeyringFromEnvironment } = await import('@dyocense/core/secrets');
  const keyring = secretKeyringFromEnvironment();
  if (keyring === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message:
        'dyocense secrets rotate: set DYOCENSE_SECRET_KEYS to the new key followed by the old ones (comma-separated)',
    });
  }
  const target = resolveDatabaseTarget('secrets', values, io.cwd);
  const { assertSchemaCurrent, rotateDataSourceSecrets } = await import('@dyocense/example-server');
  const database = await openDatabaseTarget(target);
  try {
    if (database.engine === 'postgres') await assertSchemaCurrent(database.db);
    const report = await rotateDataSourceSecrets(database.db, keyring);
    io.stdout(`${JSON.stringify(report)}\n`);
  } finally {
    await database.close();
  }
  return exitCodes.ok;
}
