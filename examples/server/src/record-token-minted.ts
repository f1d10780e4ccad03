import { createHash } from 'node:crypto';
import { DyocenseError } from '@dyocense/core';
import { type DyocenseSchema, parseTenantId, tenantSetting } from '@dyocense/core/db';
import { decodeJwt } from 'jose';
import { type Kysely, sql } from 'kysely';
import { audit } from './metric-store.js';

/** What {@link recordTokenMinted} stores about a token: never the token, only a fingerprint to recognise it. */
export interface MintedToken {
  readonly token: string;
  /** Who minted it (e.g. `dyocense token` run by an operator). */
  readonly mintedBy: string;
}

/** The first 16 hex digits of the token's SHA-256: enough to match a token in hand, useless to forge one. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/**
 * Records `tokens.mint` in the token tenant's audit log: subject, role, audience, expiry, embed metrics and the
 * token's fingerprint. Works with the owner's connection, an API login role or PGlite (it sets the tenant only,
 * as `createTenant` does).
 *
 * @throws DyocenseError `not_found` when the token's tenant does not exist (so no token is handed out for it).
 */
export async function recordTokenMinted(db: Kysely<DyocenseSchema>, minted: MintedToken): Promise<void> {
  const claims = decodeJwt(minted.token);
  const tenantId = parseTenantId(claims.tenant_id);
  await db.transaction().execute(async (trx) => {
    await sql`select set_config(${tenantSetting}, ${tenantId}, true)`.execute(trx);
    const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (tenant === undefined) {
      throw new DyocenseError({ code: 'not_found', message: `No tenant ${tenantId} in this database` });
    }
    await audit(trx, tenantId, {
      action: 'tokens.mint',
      subject: minted.mintedBy,
      targetType: 'token',
      targetId: tokenFingerprint(minted.token),
      detail: {
        tokenSubject: claims.sub,
        role: claims.role,
        audience: claims.aud,
        expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1_000).toISOString() : null,
        ...(Array.isArray(claims.metrics) ? { metrics: claims.metrics } : {}),
      },
    });
  });
}
