import { randomUUID } from 'node:crypto';
import { parseInput } from '@dyocense/core';
import { type DyocenseSchema, tenantSetting } from '@dyocense/core/db';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { audit } from './metric-store.js';

/** A tenant's display name: 1-200 characters after trimming, no control characters. */
export const tenantNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters');

/** A tenant just created. */
export interface CreatedTenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/**
 * Creates a tenant with a new random id and records `tenants.create` in its audit log, in one transaction.
 *
 * Works with the owner's connection (what `dyocense tenant create` is given) as well as with a login role in
 * `dyocense_app` or PGlite: it only sets the transaction's tenant, which the forced row-level security policies
 * of `tenants` and `audit_log` require of every role. It does not switch to the app role, which the owner may
 * not be a member of.
 *
 * @throws DyocenseError `invalid_input` for an empty, over-long or control-character name.
 */
export async function createTenant(
  db: Kysely<DyocenseSchema>,
  options: { readonly name: string; readonly subject?: string },
): Promise<CreatedTenant> {
  const name = parseInput(tenantNameSchema, options.name, 'tenant name');
  const id = randomUUID();
  const row = await db.transaction().execute(async (trx) => {
    await sql`select set_config(${tenantSetting}, ${id}, true)`.execute(trx);
    const inserted = await trx
      .insertInto('tenants')
      .values({ id, name })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(trx, id, {
      action: 'tenants.create',
      subject: options.subject ?? 'dyocense tenant create',
      targetType: 'tenant',
      targetId: id,
      detail: { name },
    });
    return inserted;
  });
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}
