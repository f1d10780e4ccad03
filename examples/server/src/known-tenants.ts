import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { Kysely } from 'kysely';

/** Options of {@link createTenantLookup}. */
export interface TenantLookupOptions {
  /** How long a tenant found stays remembered, in milliseconds; default 60,000. */
  readonly ttlMs?: number;
  /** Most tenants remembered (the oldest entry goes first); default 10,000. */
  readonly maxEntries?: number;
  /** Clock in milliseconds (tests). */
  readonly now?: () => number;
}

/** Answers whether a tenant exists; `forget` drops a remembered tenant (after its erasure). */
export type TenantLookup = ((tenantId: string) => Promise<boolean>) & { forget(tenantId: string): void };

/**
 * Answers whether a tenant row exists, reading it inside `withTenant` (row-level security shows a tenant its own
 * row only, so the lookup cannot see or reveal another tenant). Tenants found are remembered for `ttlMs`, so the
 * hot path is a map lookup; unknown ids are not remembered, so a tenant created a moment ago is found at once,
 * and concurrent lookups of one id share one query.
 */
export function createTenantLookup(
  db: Kysely<DyocenseSchema>,
  options: TenantLookupOptions = {},
): TenantLookup {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const knownUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<boolean>>();

  const lookUp = async (tenantId: string): Promise<boolean> => {
    const row = await withTenant(db, tenantId, (trx) =>
      trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst(),
    );
    if (row === undefined) return false;
    if (knownUntil.size >= maxEntries) {
      const oldest = knownUntil.keys().next().value;
      if (oldest !== undefined) knownUntil.delete(oldest);
    }
    knownUntil.delete(tenantId);
    knownUntil.set(tenantId, now() + ttlMs);
    return true;
  };

  const exists = (tenantId: string): Promise<boolean> => {
    const until = knownUntil.get(tenantId);
    if (until !== undefined && until > now()) return Promise.resolve(true);
    let pending = inFlight.get(tenantId);
    if (pending === undefined) {
      pending = lookUp(tenantId).finally(() => inFlight.delete(tenantId));
      inFlight.set(tenantId, pending);
    }
    return pending;
  };
  return Object.assign(exists, { forget: (tenantId: string) => void knownUntil.delete(tenantId) });
}
