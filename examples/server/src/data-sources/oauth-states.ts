import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { DyocenseError } from '@dyocense/core';
import { createOAuthState } from '@dyocense/core/connectors';
import type { DyocenseSchema } from '@dyocense/core/db';
import { decryptSecret, encryptSecret, type SecretKeyring } from '@dyocense/core/secrets';
import type { Transaction } from 'kysely';
import { isUuid } from '../routes/common.js';

/**
 * The OAuth `state` of a pending authorisation is `<tenant id>.<state id>.<secret>`: the callback arrives without a
 * bearer token, and row-level security needs the tenant before any row can be read, so the state names it. Only
 * the 256-bit `secret` authenticates the callback: the database keeps its SHA-256 (a reader of the table cannot
 * finish someone's flow), the callback compares hashes in constant time, and the row is deleted on first use or
 * expiry. Naming the tenant (and row) leaks nothing an attacker could use: without the secret, a forged state
 * reads one row of that tenant and is refused exactly like an unknown one.
 */
export interface PendingOAuth {
  readonly tenantId: string;
  readonly dataSourceId: string;
  /** The admin who started the flow (subject of the audit entry). */
  readonly subject: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** How long a started authorisation may wait for its callback. */
export const oauthStateTtlMs = 10 * 60 * 1000;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const binding = (tenantId: string, stateId: string) => ({
  tenantId,
  objectId: stateId,
  field: 'code_verifier',
});

/** Refused callbacks all look alike: which part of a state was wrong is not the caller's business. */
export function invalidState(reason: string): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `Invalid OAuth state: ${reason}; start the connection again`,
    issues: [{ path: ['state'], code: 'invalid_state', message: reason }],
  });
}

/**
 * Stores a pending authorisation inside the caller's tenant transaction (the PKCE verifier sealed with
 * `keyring`) and returns the `state` to send to the provider.
 */
export async function savePendingOAuth(
  trx: Transaction<DyocenseSchema>,
  keyring: SecretKeyring,
  pending: PendingOAuth,
  now = new Date(),
): Promise<{ state: string; expiresAt: Date }> {
  const id = randomUUID();
  const secret = createOAuthState();
  const expiresAt = new Date(now.getTime() + oauthStateTtlMs);
  await trx
    .insertInto('oauth_states')
    .values({
      tenant_id: pending.tenantId,
      id,
      data_source_id: pending.dataSourceId,
      subject: pending.subject,
      secret_hash: hash(secret),
      code_verifier: encryptSecret(keyring, pending.codeVerifier, binding(pending.tenantId, id)),
      redirect_uri: pending.redirectUri,
      expires_at: expiresAt,
    })
    .execute();
  return { state: `${pending.tenantId}.${id}.${secret}`, expiresAt };
}

/** The tenant a `state` names, or undefined when it cannot be one of ours. */
export function tenantOfState(state: string): string | undefined {
  const [tenantId, id, secret, ...rest] = state.split('.');
  return rest.length === 0 && isUuid(tenantId ?? '') && isUuid(id ?? '') && (secret ?? '').length >= 16
    ? tenantId?.toLowerCase()
    : undefined;
}

/**
 * Consumes a pending authorisation inside a transaction of the state's tenant ({@link tenantOfState}): deletes its
 * row (single use: of two concurrent callbacks, one gets the row) and returns it, verifier opened.
 *
 * An expired state (or a server without keys) comes back as the error to answer, not thrown, so that the deletion
 * commits.
 *
 * @throws DyocenseError `invalid_input` for an unknown or reused state.
 */
export async function consumePendingOAuth(
  trx: Transaction<DyocenseSchema>,
  keyring: SecretKeyring | undefined,
  state: string,
  now = new Date(),
): Promise<PendingOAuth | DyocenseError> {
  const tenantId = tenantOfState(state);
  const [, rawId = '', secret = ''] = state.split('.');
  if (tenantId === undefined) throw invalidState('not a state this server issued');
  const id = rawId.toLowerCase();
  const row = await trx
    .selectFrom('oauth_states')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  const given = Buffer.from(hash(secret));
  const stored = Buffer.from(row?.secret_hash ?? '');
  if (row === undefined || given.length !== stored.length || !timingSafeEqual(given, stored))
    throw invalidState('unknown or already used');
  // The delete decides single use (the app role may not lock rows FOR UPDATE): of concurrent callbacks with one
  // state, exactly one deletes the row.
  const deleted = await trx
    .deleteFrom('oauth_states')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) throw invalidState('unknown or already used');
  if (row.expires_at.getTime() <= now.getTime()) return invalidState('expired');
  if (keyring === undefined) return invalidState('this server has no secret key');
  return {
    tenantId,
    dataSourceId: row.data_source_id,
    subject: row.subject,
    codeVerifier: decryptSecret(keyring, row.code_verifier, binding(tenantId, id)),
    redirectUri: row.redirect_uri,
  };
}
