import { DyocenseError, parseInput } from '@dyocense/core';
import { parseTenantId } from '@dyocense/core/db';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** Roles of a tenant's user, weakest first: each role may do everything the roles before it may. */
export const roles = ['viewer', 'analyst', 'admin'] as const;
/** One of {@link roles}. */
export type Role = (typeof roles)[number];

/** The only algorithm accepted: pinned, so `alg: none` or an RS/HS confusion can never verify. */
export const jwtAlgorithm = 'HS256';
/** `iss` of every Dyocense token. */
export const jwtIssuer = 'dyocense';
/** `aud` of API tokens. */
export const apiAudience = 'dyocense-api';
/** `aud` of embed tokens (widgets on a vendor's page); the API routes do not accept them. */
export const embedAudience = 'dyocense-embed';

/** Verification settings of {@link buildServer}. */
export interface AuthOptions {
  /** HMAC key, at least 32 bytes (`DYOCENSE_JWT_SECRET`). */
  readonly secret: string | Uint8Array;
}

/** Who is calling, taken from a verified token. */
export interface Principal {
  readonly subject: string;
  readonly tenantId: string;
  readonly role: Role;
}

function toKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
  if (key.byteLength < 32) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'The JWT secret must be at least 32 bytes long',
    });
  }
  return key;
}

const ttlSchema = z
  .string()
  .regex(/^[1-9]\d*(s|m|h|d)$/, 'must be a number followed by s, m, h or d, e.g. 15m or 1h');

/** Options of {@link signToken}. */
export interface SignTokenOptions {
  readonly secret: string | Uint8Array;
  readonly tenantId: string;
  readonly role: Role;
  /** `sub`; default `cli`. */
  readonly subject?: string;
  /** Lifetime such as `15m`, `1h`, `7d`; default `1h` (`15m` for embed tokens). */
  readonly ttl?: string;
  /** Mint an embed token (`aud=dyocense-embed`) instead of an API token. */
  readonly embed?: boolean;
}

/**
 * Mints a token the server accepts: HS256, `iss=dyocense`, `aud=dyocense-api` (or `dyocense-embed`), `exp`,
 * and the claims `sub`, `tenant_id`, `role`.
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id, role, TTL or a short secret.
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const tenantId = parseTenantId(options.tenantId);
  const role = parseInput(z.enum(roles), options.role, 'role');
  const ttl = parseInput(ttlSchema, options.ttl ?? (options.embed ? '15m' : '1h'), 'ttl');
  return new SignJWT({ tenant_id: tenantId, role })
    .setProtectedHeader({ alg: jwtAlgorithm, typ: 'JWT' })
    .setIssuer(jwtIssuer)
    .setAudience(options.embed ? embedAudience : apiAudience)
    .setSubject(options.subject ?? 'cli')
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(toKey(options.secret));
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant_id: z.uuid(),
  role: z.enum(roles),
});

/** Why a request is not authenticated; answered as 401 with this message. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/** Verifies API tokens; built once per server so the key is decoded once. */
export function createVerifier(
  options: AuthOptions,
): (authorization: string | undefined) => Promise<Principal> {
  const key = toKey(options.secret);
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (match?.[1] === undefined) throw new AuthenticationError('A bearer token is required');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1], key, {
        algorithms: [jwtAlgorithm],
        issuer: jwtIssuer,
        audience: apiAudience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      // jose's messages name the failed check (expired, audience, signature) without echoing the token.
      const reason = error instanceof joseErrors.JOSEError ? error.message : 'invalid token';
      throw new AuthenticationError(`Invalid token: ${reason}`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new AuthenticationError('Invalid token: missing or malformed tenant_id, role or sub');
    return {
      subject: claims.data.sub,
      tenantId: claims.data.tenant_id.toLowerCase(),
      role: claims.data.role,
    };
  };
}

/** True when `role` may do what `required` may. */
export function hasRole(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
