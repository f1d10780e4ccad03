import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../errors/index.js';
import { appRole, tenantSetting } from './app-role.js';
import type { DyocenseSchema } from './schema.js';

const tenantIdSchema = z.uuid();

/** Validates a tenant id (a UUID) and returns it in canonical lower case. @throws DyocenseError `invalid_input`. */
export function parseTenantId(tenantId: unknown): string {
  return parseInput(tenantIdSchema, tenantId, 'tenant id').toLowerCase();
}

/**
 * Runs `fn` in a transaction scoped to one tenant: the first statement sets, for this transaction only, the
 * role to `dyocense_app` and `app.tenant_id` to `tenantId`; every row-level security policy then limits reads and
 * writes to that tenant. Both settings end with the transaction, so a pooled connection carries nothing to the
 * next borrower. Setting the role makes the policies apply on PGlite (where the session is a superuser) and
 * when the caller's login role is a member of `dyocense_app`; a login role outside that group gets an error.
 *
 * The tenant id travels as a bind parameter, never as SQL text.
 *
 * `options.isolation` raises the transaction's isolation level, e.g. `repeatable read` for a read of many
 * tables that must all show the same instant.
 *
 * @throws DyocenseError `invalid_input` when `tenantId` is not a UUID; rethrows whatever `fn` throws after
 *   rolling back.
 * @example
 * const goals = await withTenant(db, tenantId, (trx) => trx.selectFrom('goals').selectAll().execute());
 */
export async function withTenant<T>(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  fn: (trx: Transaction<DyocenseSchema>) => Promise<T>,
  options: { readonly isolation?: 'repeatable read' | 'serializable' } = {},
): Promise<T> {
  const tenant = parseTenantId(tenantId);
  const transaction = db.transaction();
  return (
    options.isolation === undefined ? transaction : transaction.setIsolationLevel(options.isolation)
  ).execute(async (trx) => {
    // Its own statement: a policy's InitPlan in the same statement would read the setting before it is set.
    await sql`select set_config('role', ${appRole}, true), set_config(${tenantSetting}, ${tenant}, true)`.execute(
      trx,
    );
    return fn(trx);
  });
}
