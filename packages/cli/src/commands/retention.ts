import { dirname, resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import type { CliIo } from '../cli-io.js';
import {
  type DatabaseTarget,
  databaseOptions,
  openDatabaseTarget,
  resolveDatabaseTarget,
} from '../database-target.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  tenant: { type: 'string' },
  'archive-dir': { type: 'string' },
  ...databaseOptions,
} as const;

/**
 * The archive directory: `--archive-dir`, else `DYOCENSE_ARCHIVE_DIR`, else `archive` beside the PGlite data
 * directory (`./.dyocense/archive` by default) or, on PostgreSQL, `./.dyocense/archive`.
 */
function archiveDirectoryOf(flag: string | undefined, target: DatabaseTarget, cwd: string): string {
  const configured = flag ?? (process.env.DYOCENSE_ARCHIVE_DIR || undefined);
  if (configured !== undefined) return resolve(cwd, configured);
  return target.engine === 'pglite'
    ? resolve(dirname(target.directory), 'archive')
    : resolve(cwd, '.dyocense/archive');
}

/**
 * `dyocense retention apply --tenant ID[,ID...] [--archive-dir DIR] [--database-url URL] [--data-dir DIR]`:
 * applies each tenant's retention policy (raw points past it go to verified Parquet files, then leave the
 * database) and prints `{ "<tenant>": { rawDays, cutoff, archived: [{ metric, month, path, rows, deleted }] } }`.
 * Tenants are named: row-level security keeps any one role from listing them all.
 */
export async function retentionCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('retention', argv, options, 1);
  if (positionals[0] !== 'apply') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense retention: expected "apply", got ${positionals[0] === undefined ? 'nothing' : `"${positionals[0]}"`}`,
    });
  }
  const tenants = (values.tenant ?? '')
    .split(',')
    .map((tenant) => tenant.trim())
    .filter((tenant) => tenant !== '');
  if (tenants.length === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'dyocense retention apply: --tenant ID[,ID...] is required',
    });
  }
  const { applyRetention, parseTenantId } = await import('@dyocense/core/db');
  for (const tenant of tenants) parseTenantId(tenant);
  const target = resolveDatabaseTarget('retention', values, io.cwd);
  const archiveDirectory = archiveDirectoryOf(values['archive-dir'], target, io.cwd);
  const database = await openDatabaseTarget(target);
  try {
    const reports: Record<string, unknown> = {};
    for (const tenant of tenants) {
      const report = await applyRetention(database.db, tenant, { archiveDirectory });
      reports[tenant] = { ...report, cutoff: report.cutoff?.toISOString() ?? null };
    }
    io.stdout(`${JSON.stringify(reports)}\n`);
  } finally {
    await database.close();
  }
  return exitCodes.ok;
}
