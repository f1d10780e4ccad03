import { DyocenseError } from '@dyocense/core';
import { type DyocenseSchema, tenantSetting } from '@dyocense/core/db';
import { reencryptSecret, type SecretKeyring } from '@dyocense/core/secrets';
import { type Kysely, sql } from 'kysely';
import { audit } from '../metric-store.js';

/** What {@link rotateDataSourceSecrets} did. */
export interface SecretRotationReport {
  /** Id of the key every secret is now sealed with. */
  readonly keyId: string;
  readonly tenants: number;
  /** Data sources whose secrets were rewritten. */
  readonly dataSources: number;
  /** Secret fields re-sealed (already current ones are left alone). */
  readonly secrets: number;
}

class Rollback extends Error {
  constructor(readonly tenantIds: string[]) {
    super('rollback');
  }
}

/**
 * Every tenant id. The owner is subject to the forced row-level security of `tenants` like everyone else, so the
 * policy is lifted inside a transaction that is then rolled back: the lift is never visible to other sessions,
 * and the table lock lasts one SELECT. Only the table owner (or a superuser, as on PGlite) may do this.
 */
async function listTenantIds(db: Kysely<DyocenseSchema>): Promise<string[]> {
  try {
    await db.transaction().execute(async (trx) => {
      // PGlite's session runs as the app role; step back to the session user (the owner on PostgreSQL).
      await sql`set local role none`.execute(trx);
      await sql`alter table tenants no force row level security`.execute(trx);
      const { rows } = await sql<{ id: string }>`select id from tenants order by id`.execute(trx);
      throw new Rollback(rows.map((row) => row.id));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.tenantIds;
    throw new DyocenseError({
      code: 'forbidden',
      message:
        "Rotating secrets walks every tenant: run it with the database owner's URL (the one `dyocense migrate` uses)",
      cause: error,
    });
  }
  return [];
}

/**
 * Re-seals every stored data-source secret under the keyring's current key, one transaction per tenant (its rows
 * locked, the tenant's audit log gets a `secrets.rotate` entry when anything changed). Configure the new key first
 * in `DYOCENSE_SECRET_KEYS` ahead of the old one, run this, then drop the old key. Safe to re-run: secrets already
 * under the current key are left as they are; an interrupted run leaves each tenant either fully rotated or not.
 *
 * Run it with the owner's connection (or PGlite's): listing all tenants needs it.
 *
 * @throws DyocenseError `forbidden` without the owner's rights; `invalid_input` when a secret was sealed under a
 *   key the keyring lacks or does not authenticate (that tenant's transaction is rolled back, earlier ones stay).
 * @example
 * const report = await rotateDataSourceSecrets(owner.db, createSecretKeyring([newKey, oldKey]));
 */
export async function rotateDataSourceSecrets(
  db: Kysely<DyocenseSchema>,
  keyring: SecretKeyring,
  options: { readonly subject?: string } = {},
): Promise<SecretRotationReport> {
  const tenantIds = await listTenantIds(db);
  let dataSources = 0;
  let secrets = 0;
  for (const tenantId of tenantIds) {
    // Tenant context only, no role switch: the owner need not be a member of the app role (as createTenant).
    const counts = await db.transaction().execute(async (trx) => {
      await sql`select set_config(${tenantSetting}, ${tenantId}, true)`.execute(trx);
      const rows = await trx
        .selectFrom('data_sources')
        .select(['id', 'secrets'])
        .where('tenant_id', '=', tenantId)
        .forUpdate()
        .execute();
      let tenantSources = 0;
      let tenantSecrets = 0;
      for (const row of rows) {
        const rewritten: Record<string, string> = {};
        let changed = 0;
        for (const [field, sealed] of Object.entries(row.secrets)) {
          const result = reencryptSecret(keyring, sealed, { tenantId, objectId: row.id, field });
          rewritten[field] = result.sealed;
          if (result.changed) changed += 1;
        }
        if (changed === 0) continue;
        await trx
          .updateTable('data_sources')
          .set({ secrets: JSON.stringify(rewritten) })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', row.id)
          .execute();
        tenantSources += 1;
        tenantSecrets += changed;
      }
      if (tenantSecrets > 0) {
        await audit(trx, tenantId, {
          action: 'secrets.rotate',
          subject: options.subject ?? 'dyocense secrets rotate',
          targetType: 'data_source',
          detail: { keyId: keyring.current.id, dataSources: tenantSources, secrets: tenantSecrets },
        });
      }
      return { tenantSources, tenantSecrets };
    });
    dataSources += counts.tenantSources;
    secrets += counts.tenantSecrets;
  }
  return { keyId: keyring.current.id, tenants: tenantIds.length, dataSources, secrets };
}
