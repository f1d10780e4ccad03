import { z } from 'zod';
import { DyocenseError, parseInput } from '../../errors/index.js';

/** Google's OAuth 2.0 endpoints for web-server applications. */
export const googleOAuthEndpoints = Object.freeze({
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
});

/** Read-only access to the user's Drive files (what the Drive connector needs). */
export const googleDriveReadonlyScope = 'https://www.googleapis.com/auth/drive.readonly';

/** A function with `fetch`'s signature (a plugin context's guarded fetch, or the global one). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const authorizationSchema = z.object({
  clientId: z.string().min(1),
  redirectUri: z.url({ protocol: /^https?$/ }),
  /** Anti-forgery value the host checks when Google redirects back. */
  state: z.string().min(1),
  scopes: z.array(z.string().min(1)).min(1).default([googleDriveReadonlyScope]),
  /** PKCE S256 challenge (base64url SHA-256 of the verifier). */
  codeChallenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43,128}$/)
    .optional(),
  loginHint: z.string().min(1).optional(),
});

/** Options of {@link buildGoogleAuthorizationUrl}. */
export type GoogleAuthorizationOptions = z.input<typeof authorizationSchema>;

/**
 * The URL to send the user to for consent (authorisation-code flow). Asks for offline access and forces
 * the consent screen so that Google returns a refresh token even when the user consented before.
 *
 * @throws DyocenseError `invalid_input` for malformed options.
 * @example
 * reply.redirect(buildGoogleAuthorizationUrl({ clientId, redirectUri, state }));
 */
export function buildGoogleAuthorizationUrl(options: GoogleAuthorizationOptions): string {
  const parsed = parseInput(authorizationSchema, options, 'Google authorisation options');
  const url = new URL(googleOAuthEndpoints.authorization);
  url.searchParams.set('client_id', parsed.clientId);
  url.searchParams.set('redirect_uri', parsed.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', parsed.scopes.join(' '));
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('include_granted_scopes', 'true');
  url.searchParams.set('state', parsed.state);
  if (parsed.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', parsed.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (parsed.loginHint !== undefined) url.searchParams.set('login_hint', parsed.loginHint);
  return url.href;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().nonnegative(),
  token_type: z.string(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

/** Tokens from Google's token endpoint. */
export interface GoogleTokens {
  readonly accessToken: string;
  /** Lifetime of the access token in seconds. */
  readonly expiresIn: number;
  /** Present on a code exchange with offline access; a refresh usually returns none. */
  readonly refreshToken?: string;
  readonly scope?: string;
  readonly tokenType: string;
}

async function requestTokens(
  fetch: FetchFunction,
  form: Record<string, string>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<GoogleTokens> {
  const response = await fetch(googleOAuthEndpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body ?? {}) as { error?: unknown; error_description?: unknown };
    const reason = typeof error.error === 'string' ? error.error : `HTTP ${response.status}`;
    const description = typeof error.error_description === 'string' ? `: ${error.error_description}` : '';
    // invalid_grant/invalid_client mean the user must reconnect; anything else may pass on retry.
    const refused = response.status === 400 || response.status === 401;
    throw new DyocenseError({
      code: refused ? 'forbidden' : 'unavailable',
      message: `Google refused the ${what} (${reason}${description})${refused ? '; reconnect the Google account' : ''}`,
      details: { status: response.status, reason },
    });
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new DyocenseError({
      code: 'unavailable',
      message: `Google's token endpoint answered the ${what} with an unexpected body`,
      cause: parsed.error,
    });
  }
  const tokens = parsed.data;
  return {
    accessToken: tokens.access_token,
    expiresIn: tokens.expires_in,
    tokenType: tokens.token_type,
    ...(tokens.refresh_token === undefined ? {} : { refreshToken: tokens.refresh_token }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
  };
}

const exchangeSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  code: z.string().min(1),
  redirectUri: z.url({ protocol: /^https?$/ }),
  codeVerifier: z.string().min(43).max(128).optional(),
});

/**
 * Exchanges the authorisation code from Google's redirect for tokens (`grant_type=authorization_code`).
 *
 * @throws DyocenseError `invalid_input` for malformed options; `forbidden` when Google refuses the code
 * (`invalid_grant`: used, expired or for another redirect URI); `unavailable` when Google fails.
 */
export function exchangeGoogleAuthorizationCode(
  fetch: FetchFunction,
  options: z.input<typeof exchangeSchema>,
  signal?: AbortSignal,
): Promise<GoogleTokens> {
  const parsed = parseInput(exchangeSchema, options, 'Google code exchange options');
  return requestTokens(
    fetch,
    {
      grant_type: 'authorization_code',
      code: parsed.code,
      redirect_uri: parsed.redirectUri,
      client_id: parsed.clientId,
      client_secret: parsed.clientSecret,
      ...(parsed.codeVerifier === undefined ? {} : { code_verifier: parsed.codeVerifier }),
    },
    signal,
    'authorisation code',
  );
}

const refreshSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
});

/**
 * Gets a fresh access token with a refresh token (`grant_type=refresh_token`). Keep the stored refresh
 * token unless the answer carries a new one.
 *
 * @throws DyocenseError `forbidden` when Google refuses the refresh token (revoked, expired, or the
 * client is wrong); `unavailable` when Google fails.
 */
export function refreshGoogleAccessToken(
  fetch: FetchFunction,
  options: z.input<typeof refreshSchema>,
  signal?: AbortSignal,
): Promise<GoogleTokens> {
  const parsed = parseInput(refreshSchema, options, 'Google token refresh options');
  return requestTokens(
    fetch,
    {
      grant_type: 'refresh_token',
      refresh_token: parsed.refreshToken,
      client_id: parsed.clientId,
      client_secret: parsed.clientSecret,
    },
    signal,
    'refresh token',
  );
}
