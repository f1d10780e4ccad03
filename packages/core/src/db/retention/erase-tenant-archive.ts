import { rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { toDatabaseError } from '../internal/to-database-error.js';
import type { DyocenseSchema } from '../schema.js';
import { parseTenantId, withTenant } from '../with-tenant.js';

/**
 * The archive files of one tenant, as `archived_ranges` lists them. Read them before `eraseTenant` (which deletes
 * that table's rows) and pass them to {@link removeTenantArchive} after it commits.
 */
export async function listTenantArchiveFiles(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
): Promise<string[]> {
  const tenant = parseTenantId(tenantId);
  try {
    const rows = await withTenant(db, tenant, (trx) =>
      trx.selectFrom('archived_ranges').select('file_path').where('tenant_id', '=', tenant).execute(),
    );
    return rows.map((row) => row.file_path);
  } catch (error) {
    throw toDatabaseError(error, 'Archive listing');
  }
}

/**
 * Deletes a tenant's archive: every listed file and the tenant's whole archive directory
 * (`<archive>/<tenant>/`, so a file written by a retention run racing the erasure goes too). Only directories
 * named after the tenant are removed, whatever the paths say.
 *
 * @returns the number of listed files removed.
 */
export async function removeTenantArchive(tenantId: string, files: readonly string[]): Promise<number> {
  const tenant = parseTenantId(tenantId);
  const tenantDirectories = new Set<string>();
  for (const file of files) {
    await rm(file, { force: true });
    const directory = dirname(dirname(file));
    if (basename(directory) === tenant) tenantDirectories.add(directory);
  }
  for (const directory of tenantDirectories) await rm(directory, { recursive: true, force: true });
  return files.length;
}
