import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../../errors/index.js';
import { toDatabaseError } from '../internal/to-database-error.js';
import type { DyocenseSchema } from '../schema.js';
import { parseTenantId, withTenant } from '../with-tenant.js';

/** Longest raw retention a policy may set (100 years); shortest is one day. */
export const maxRawDays = 36_500;

/** A retention policy as set: `rawDays` of raw points kept; `null` keeps them forever (removes the policy). */
export const retentionPolicyInputSchema = z.object({
  rawDays: z.number().int().min(1).max(maxRawDays).nullable(),
});

/** A tenant's retention policy; `rawDays` null means raw points are kept forever. */
export interface RetentionPolicy {
  readonly rawDays: number | null;
  /** When the policy was last set; `null` when it never was. */
  readonly updatedAt: Date | null;
}

/**
 * Reads a tenant's retention policy under its row-level security.
 *
 * @returns the policy, or `null` when none is set (raw points are kept forever).
 * @throws DyocenseError `invalid_input` for a bad tenant id; database errors as `unavailable` or `internal`.
 */
export async function readRetentionPolicy(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
): Promise<{ rawDays: number; updatedAt: Date } | null> {
  const tenant = parseTenantId(tenantId);
  try {
    const row = await withTenant(db, tenant, (trx) =>
      trx
        .selectFrom('retention_policies')
        .select(['raw_days', 'updated_at'])
        .where('tenant_id', '=', tenant)
        .executeTakeFirst(),
    );
    return row === undefined ? null : { rawDays: row.raw_days, updatedAt: row.updated_at };
  } catch (error) {
    throw toDatabaseError(error, 'Retention policy read');
  }
}

/**
 * Sets (or with `rawDays: null` removes) a tenant's retention policy. It takes effect at the next
 * `applyRetention`; archived months stay archived when the policy is lengthened or removed.
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id or `rawDays` outside 1-36500; database errors.
 * @example
 * await setRetentionPolicy(db, tenantId, { rawDays: 730 }); // two years raw, rollups forever
 */
export async function setRetentionPolicy(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  policy: z.input<typeof retentionPolicyInputSchema>,
): Promise<RetentionPolicy> {
  const tenant = parseTenantId(tenantId);
  const { rawDays } = parseInput(retentionPolicyInputSchema, policy, 'retention policy');
  try {
    return await withTenant(db, tenant, async (trx) => {
      if (rawDays === null) {
        await trx.deleteFrom('retention_policies').where('tenant_id', '=', tenant).execute();
        return { rawDays: null, updatedAt: null };
      }
      const { rows } = await sql<{ updated_at: Date }>`
        insert into retention_policies (tenant_id, raw_days) values (${tenant}::uuid, ${rawDays})
        on conflict (tenant_id) do update set raw_days = excluded.raw_days, updated_at = now()
        returning updated_at`.execute(trx);
      return { rawDays, updatedAt: rows[0]?.updated_at ?? new Date() };
    });
  } catch (error) {
    throw toDatabaseError(error, 'Retention policy update');
  }
}
