import { DyocenseError, parseInput } from '@dyocense/core';
import { parseTenantId } from '@dyocense/core/db';
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { metricName } from './routes/common.js';

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
/**
 * `aud` of embed tokens (widgets on a vendor's page): role `viewer`, at most {@link maxEmbedTtlSeconds} long, and
 * accepted only on the read routes a route spec marks `embed`, for the metrics the token lists.
 */
export const embedAudience = 'dyocense-embed';
/** Longest lifetime of an embed token, in seconds (1 hour): it sits in a browser page. */
export const maxEmbedTtlSeconds = 3_600;

/** Verification settings of {@link buildServer}. */
export interface AuthOptions {
  /** HMAC key, at least 32 bytes (`DYOCENSE_JWT_SECRET`). */
  readonly secret: string | Uint8Array;
}

/** What an embed token may read: claims `metrics` and (optionally) `widgets`. */
export interface EmbedScope {
  /** Metric names the embedding page may read; every other metric answers 403. */
  readonly metrics: readonly string[];
  /** Widget tags (without `dy-`) the page may render with this token; absent: any widget. Not enforced by the server. */
  readonly widgets?: readonly string[];
}

/** Who is calling, taken from a verified token. */
export interface Principal {
  readonly subject: string;
  readonly tenantId: string;
  readonly role: Role;
  /** Present for embed tokens (`aud=dyocense-embed`) only. */
  readonly embed?: EmbedScope;
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
  .regex(/^[1-9]\d{0,8}(s|m|h|d)$/, 'must be a number followed by s, m, h or d, e.g. 15m or 1h');
const secondsPerUnit = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** Seconds in a TTL such as `15m` (already validated by `ttlSchema`). */
function ttlSeconds(ttl: string): number {
  return Number(ttl.slice(0, -1)) * secondsPerUnit[ttl.slice(-1) as keyof typeof secondsPerUnit];
}

const widgetName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a widget tag without the dy- prefix, e.g. kpi-card');
const embedScopeSchema = z.object({
  metrics: z.array(metricName).min(1).max(100),
  widgets: z.array(widgetName).min(1).max(50).optional(),
});

/** Options of {@link signToken}. */
export interface SignTokenOptions {
  readonly secret: string | Uint8Array;
  readonly tenantId: string;
  readonly role: Role;
  /** `sub`; default `cli`. */
  readonly subject?: string;
  /** Lifetime such as `15m`, `1h`, `7d`; default `1h` (`15m` for embed tokens, at most `1h`). */
  readonly ttl?: string;
  /** Mint an embed token (`aud=dyocense-embed`) instead of an API token; needs `metrics` and role `viewer`. */
  readonly embed?: boolean;
  /** Embed tokens: the metrics the page may read (1-100 names). */
  readonly metrics?: readonly string[];
  /** Embed tokens: the widgets the page may render (e.g. `forecast-chart`, `kpi-card`); default any. */
  readonly widgets?: readonly string[];
}

/**
 * Mints a token the server accepts: HS256, `iss=dyocense`, `aud=dyocense-api` (or `dyocense-embed`), `iat`,
 * `exp`, and the claims `sub`, `tenant_id`, `role` (embed tokens add `metrics` and optionally `widgets`).
 *
 * @throws DyocenseError `invalid_input` for a bad tenant id, role, TTL, metric or widget list, a short secret,
 *   an embed token that is not `viewer`, lives longer than 1 hour or lists no metric, or `metrics`/`widgets`
 *   on an API token.
 * @example
 * const token = await signToken({ secret, tenantId, role: 'viewer', embed: true, metrics: ['revenue'], ttl: '15m' });
 */
export async function signToken(options: SignTokenOptions): Promise<string> {
  const tenantId = parseTenantId(options.tenantId);
  const role = parseInput(z.enum(roles), options.role, 'role');
  const ttl = parseInput(ttlSchema, options.ttl ?? (options.embed ? '15m' : '1h'), 'ttl');
  const scope = options.embed ? toEmbedScope(options, role, ttl) : undefined;
  if (scope === undefined && (options.metrics !== undefined || options.widgets !== undefined)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Metrics and widgets restrict embed tokens only; add embed to mint one',
    });
  }
  return new SignJWT({ tenant_id: tenantId, role, ...scope })
    .setProtectedHeader({ alg: jwtAlgorithm, typ: 'JWT' })
    .setIssuer(jwtIssuer)
    .setAudience(options.embed ? embedAudience : apiAudience)
    .setSubject(options.subject ?? 'cli')
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(toKey(options.secret));
}

function toEmbedScope(options: SignTokenOptions, role: Role, ttl: string): EmbedScope {
  if (role !== 'viewer') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Embed tokens are read-only: their role must be viewer, not ${role}`,
    });
  }
  if (ttlSeconds(ttl) > maxEmbedTtlSeconds) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Embed tokens may live at most 1h, got ${ttl}`,
    });
  }
  if (options.metrics === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Embed tokens must list the metrics they may read',
    });
  }
  const { metrics, widgets } = parseInput(
    embedScopeSchema,
    { metrics: options.metrics, widgets: options.widgets },
    'embed scope',
  );
  return { metrics, ...(widgets === undefined ? {} : { widgets }) };
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant_id: z.uuid(),
  role: z.enum(roles),
});
const embedClaimsSchema = claimsSchema.extend({
  role: z.literal('viewer'),
  iat: z.number(),
  exp: z.number(),
  ...embedScopeSchema.shape,
});

/** Why a request is not authenticated; answered as 401 with this message. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

function toEmbedPrincipal(payload: JWTPayload): Principal {
  const claims = embedClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new AuthenticationError(
      'Invalid token: an embed token needs tenant_id, sub, iat, role viewer and a metrics list',
    );
  }
  if (claims.data.exp - claims.data.iat > maxEmbedTtlSeconds) {
    throw new AuthenticationError('Invalid token: embed tokens may live at most 1h');
  }
  const { sub, tenant_id, metrics, widgets } = claims.data;
  return {
    subject: sub,
    tenantId: tenant_id.toLowerCase(),
    role: 'viewer',
    embed: { metrics, ...(widgets === undefined ? {} : { widgets }) },
  };
}

/** Longest time, in ms, a verified token is reused without re-checking its signature and claims. */
export const verifiedTokenMaxAgeMs = 60_000;
/** Most verified tokens kept at once; the least recently used is evicted first. */
export const verifiedTokenCacheSize = 10_000;

interface CachedPrincipal {
  readonly principal: Principal;
  /** Epoch ms after which the entry is refused: the token's `exp`, capped at {@link verifiedTokenMaxAgeMs}. */
  readonly validUntilMs: number;
}

/**
 * Verifies API and embed tokens; built once per server so the key is decoded once. Which routes accept an
 * embed token is the route's business (`embed` in its spec), not the verifier's.
 *
 * Verified tokens are cached by their full string (a tampered or forged token is a different string, so it can
 * never hit) until their `exp` and for at most {@link verifiedTokenMaxAgeMs}; only successes are cached.
 */
export function createVerifier(
  options: AuthOptions,
): (authorization: string | undefined) => Promise<Principal> {
  const key = toKey(options.secret);
  const cache = new Map<string, CachedPrincipal>();
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) throw new AuthenticationError('A bearer token is required');
    const now = Date.now();
    const cached = cache.get(token);
    if (cached !== undefined) {
      cache.delete(token);
      if (now < cached.validUntilMs) {
        cache.set(token, cached); // re-insert: Map order is the LRU order
        return cached.principal;
      }
    }
    const { principal, expSeconds } = await verifyToken(token, key);
    if (cache.size >= verifiedTokenCacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(token, {
      principal,
      validUntilMs: Math.min(expSeconds * 1_000, now + verifiedTokenMaxAgeMs),
    });
    return principal;
  };
}

async function verifyToken(
  token: string,
  key: Uint8Array,
): Promise<{ principal: Principal; expSeconds: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [jwtAlgorithm],
      issuer: jwtIssuer,
      audience: [apiAudience, embedAudience],
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    // jose's messages name the failed check (expired, audience, signature) without echoing the token.
    const reason = error instanceof joseErrors.JOSEError ? error.message : 'invalid token';
    throw new AuthenticationError(`Invalid token: ${reason}`);
  }
  // requiredClaims guarantees exp; jose has checked it is a number in the future.
  const expSeconds = payload.exp as number;
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  const isEmbed = audiences.includes(embedAudience);
  // A token for both audiences would let an embed scope be dropped by whoever reads it as an API token.
  if (isEmbed && audiences.includes(apiAudience)) {
    throw new AuthenticationError('Invalid token: a token is either an API or an embed token, not both');
  }
  if (isEmbed) return { principal: toEmbedPrincipal(payload), expSeconds };
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success)
    throw new AuthenticationError('Invalid token: missing or malformed tenant_id, role or sub');
  return {
    principal: {
      subject: claims.data.sub,
      tenantId: claims.data.tenant_id.toLowerCase(),
      role: claims.data.role,
    },
    expSeconds,
  };
}

/** True when `role` may do what `required` may. */
export function hasRole(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
