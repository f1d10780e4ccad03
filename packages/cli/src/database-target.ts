import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import type { DyocenseDatabase } from '@dyocense/core/db';

/** The `--database-url` and `--data-dir` flags of `serve`, `migrate` and `tenant`. */
export const databaseOptions = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** Which database a command works on: PostgreSQL by URL, or an embedded PGlite directory. */
export type DatabaseTarget =
  | { readonly engine: 'postgres'; readonly url: string }
  | { readonly engine: 'pglite'; readonly directory: string };

/** Where embedded PGlite lives when neither a URL nor `--data-dir` is given, relative to the working directory. */
export const defaultDataDirectory = '.dyocense/pglite';

/**
 * Picks the database from `--database-url`, else the `DATABASE_URL` environment variable, else the PGlite
 * directory `--data-dir` (default `./.dyocense/pglite`).
 *
 * @throws DyocenseError `invalid_input` for both a URL and `--data-dir`, or a URL that is not `postgres://`.
 */
export function resolveDatabaseTarget(
  command: string,
  values: { readonly 'database-url'?: string | undefined; readonly 'data-dir'?: string | undefined },
  cwd: string,
): DatabaseTarget {
  const url = values['database-url'] ?? (process.env.DATABASE_URL || undefined);
  if (url === undefined) {
    return { engine: 'pglite', directory: resolve(cwd, values['data-dir'] ?? defaultDataDirectory) };
  }
  if (values['data-dir'] !== undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense ${command}: use --database-url (or DATABASE_URL) or --data-dir, not both`,
    });
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense ${command}: the database URL must start with postgres:// or postgresql://`,
    });
  }
  return { engine: 'postgres', url };
}

/** Opens `target` with one connection (PGlite: creating its directory and migrating it on open). */
export async function openDatabaseTarget(target: DatabaseTarget): Promise<DyocenseDatabase> {
  const { createPostgresDatabase, openPgliteDatabase } = await import('@dyocense/core/db');
  if (target.engine === 'postgres') {
    return createPostgresDatabase({ connectionString: target.url, maxConnections: 1 });
  }
  mkdirSync(target.directory, { recursive: true });
  return openPgliteDatabase({ dataDirectory: target.directory });
}
