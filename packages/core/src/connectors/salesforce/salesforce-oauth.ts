import { z } from 'zod';
import { DyocenseError, parseInput } from '../../errors/index.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';

/** Tokens from Salesforce's token endpoint (`/services/oauth2/token`). */
export interface SalesforceTokens {
  readonly accessToken: string;
  /**
   * Present after an authorisation-code exchange, and after a refresh when the connected app rotates refresh
   * tokens: the previous refresh token is then no longer valid, so the host must store this one.
   */
  readonly refreshToken?: string;
  /** Origin of the org's REST API, e.g. `https://acme.my.salesforce.com`. */
  readonly instanceUrl: string;
  /** Identity URL of the user the tokens act for. */
  readonly identityUrl?: string;
  /** When Salesforce issued the tokens, epoch milliseconds. */
  readonly issuedAt?: number;
  readonly scope?: string;
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  /** Keep it server-side with the `state` until the callback; send it with the code exchange. */
  readonly codeVerifier: string;
  /** Put it in the authorize URL. */
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 'S256';
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(byteLength: number): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(byteLength)));
}

/**
 * A random, URL-safe OAuth `state` (256 bits). The host keeps it with the pending authorisation and compares
 * it with the callback's `state` before exchanging the code.
 */
export function createOAuthState(): string {
  return randomToken(32);
}

/**
 * A fresh PKCE pair: a 43-character verifier (256 random bits, base64url) and its SHA-256 challenge.
 *
 * @example
 * const { codeVerifier, codeChallenge } = await createPkcePair();
 */
export async function createPkcePair(): Promise<PkcePair> {
  const codeVerifier = randomToken(32);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return { codeVerifier, codeChallenge: base64Url(new Uint8Array(digest)), codeChallengeMethod: 'S256' };
}

const originSchema = z
  .string()
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
  }, 'must be an https URL (http only on localhost)')
  .transform((value) => new URL(value).origin);

const authorizeOptionsSchema = z.object({
  loginUrl: originSchema.default('https://login.salesforce.com'),
  clientId: z.string().min(1),
  redirectUri: z.string().url(),
  state: z.string().min(16, 'must carry at least 16 characters of randomness'),
  codeChallenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, 'must be a base64url S256 challenge'),
  /** Default `api refresh_token`: REST access plus a refresh token for scheduled syncs. */
  scope: z.string().min(1).default('api refresh_token'),
  prompt: z.enum(['login', 'consent', 'select_account']).optional(),
});

/** Options of {@link buildSalesforceAuthorizeUrl}. */
export type SalesforceAuthorizeUrlOptions = z.input<typeof authorizeOptionsSchema>;

/**
 * The URL to send the user to for Salesforce's OAuth 2.0 web server flow (authorisation code with PKCE):
 * `{loginUrl}/services/oauth2/authorize?response_type=code&client_id=...&redirect_uri=...&state=...&code_challenge=...&code_challenge_method=S256&scope=...`.
 *
 * @throws DyocenseError `invalid_input` for malformed options (a short `state`, a challenge that is not S256 base64url, ...).
 * @example
 * const state = createOAuthState();
 * const pkce = await createPkcePair();
 * const url = buildSalesforceAuthorizeUrl({ clientId, redirectUri, state, codeChallenge: pkce.codeChallenge });
 */
export function buildSalesforceAuthorizeUrl(options: SalesforceAuthorizeUrlOptions): string {
  const parsed = parseInput(authorizeOptionsSchema, options, 'Salesforce authorize URL options');
  const url = new URL('/services/oauth2/authorize', parsed.loginUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', parsed.clientId);
  url.searchParams.set('redirect_uri', parsed.redirectUri);
  url.searchParams.set('state', parsed.state);
  url.searchParams.set('code_challenge', parsed.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('scope', parsed.scope);
  if (parsed.prompt !== undefined) url.searchParams.set('prompt', parsed.prompt);
  return url.href;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.string().url(),
  id: z.string().optional(),
  issued_at: z.string().regex(/^\d+$/).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** OAuth errors that mean the grant or the app's credentials are bad: the user must reconnect. */
const credentialErrors = new Set([
  'invalid_grant',
  'invalid_client',
  'invalid_client_id',
  'unauthorized_client',
  'inactive_user',
  'inactive_org',
  'redirect_uri_mismatch',
  'invalid_app_access',
]);

async function postToken(
  context: PluginContextV1,
  loginUrl: string,
  form: Record<string, string | undefined>,
  what: string,
): Promise<SalesforceTokens> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) body.set(key, value);
  const endpoint = new URL('/services/oauth2/token', loginUrl).href;
  let response: Response;
  try {
    response = await context.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: context.signal,
    });
  } catch (error) {
    if (context.signal.aborted || DyocenseError.isInstance(error)) throw error;
    throw new DyocenseError({
      code: 'unavailable',
      message: `Could not reach the Salesforce token endpoint ${endpoint}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const failure = tokenErrorSchema.safeParse(json);
    const reason = failure.success
      ? `${failure.data.error}${failure.data.error_description ? ` (${failure.data.error_description})` : ''}`
      : `HTTP ${response.status}`;
    const rejected = failure.success && credentialErrors.has(failure.data.error);
    throw new DyocenseError({
      code: rejected
        ? 'forbidden'
        : response.status >= 500 || response.status === 429
          ? 'unavailable'
          : 'invalid_input',
      message: `Salesforce refused the ${what}: ${reason}${rejected ? '; reconnect the Salesforce account' : ''}`,
      details: { status: response.status, ...(failure.success ? { oauthError: failure.data.error } : {}) },
    });
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new DyocenseError({
      code: 'unavailable',
      message: `The Salesforce token endpoint answered the ${what} with an unexpected body (HTTP ${response.status})`,
      cause: parsed.error,
    });
  }
  const tokens = parsed.data;
  return {
    accessToken: tokens.access_token,
    instanceUrl: new URL(tokens.instance_url).origin,
    ...(tokens.refresh_token === undefined ? {} : { refreshToken: tokens.refresh_token }),
    ...(tokens.id === undefined ? {} : { identityUrl: tokens.id }),
    ...(tokens.issued_at === undefined ? {} : { issuedAt: Number(tokens.issued_at) }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
  };
}

const exchangeOptionsSchema = z.object({
  loginUrl: originSchema.default('https://login.salesforce.com'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  redirectUri: z.string().url(),
  code: z.string().min(1),
  codeVerifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be a PKCE code verifier'),
});

/** Options of {@link exchangeSalesforceAuthorizationCode}. */
export type SalesforceExchangeCodeOptions = z.input<typeof exchangeOptionsSchema>;

/**
 * Exchanges the callback's authorisation code (with the PKCE verifier) for tokens at
 * `{loginUrl}/services/oauth2/token`. The host stores `refreshToken` as the data source's secret and
 * `instanceUrl` in its configuration. Requests go through `context.fetch`, so the token host must be in the
 * plugin's `allowedHosts`.
 *
 * @throws DyocenseError `forbidden` when Salesforce rejects the code or the app (`invalid_grant`,
 * `invalid_client`, ...), `unavailable` when the endpoint cannot be reached or answers 5xx/429,
 * `invalid_input` for malformed options or other OAuth errors.
 * @example
 * const tokens = await exchangeSalesforceAuthorizationCode(context, { clientId, clientSecret, redirectUri, code, codeVerifier });
 */
export async function exchangeSalesforceAuthorizationCode(
  context: PluginContextV1,
  options: SalesforceExchangeCodeOptions,
): Promise<SalesforceTokens> {
  const parsed = parseInput(exchangeOptionsSchema, options, 'Salesforce code exchange options');
  return postToken(
    context,
    parsed.loginUrl,
    {
      grant_type: 'authorization_code',
      code: parsed.code,
      client_id: parsed.clientId,
      client_secret: parsed.clientSecret,
      redirect_uri: parsed.redirectUri,
      code_verifier: parsed.codeVerifier,
    },
    'authorisation code',
  );
}

const refreshOptionsSchema = z.object({
  loginUrl: originSchema.default('https://login.salesforce.com'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  refreshToken: z.string().min(1),
});

/** Options of {@link refreshSalesforceAccessToken}. */
export type SalesforceRefreshOptions = z.input<typeof refreshOptionsSchema>;

/**
 * Gets a new access token with the refresh-token grant. When the connected app rotates refresh tokens the
 * result carries a new `refreshToken` and the one passed in stops working: store the new one before using it.
 *
 * @throws DyocenseError like {@link exchangeSalesforceAuthorizationCode}; `forbidden` when the refresh token is revoked
 * or expired (`invalid_grant`).
 */
export async function refreshSalesforceAccessToken(
  context: PluginContextV1,
  options: SalesforceRefreshOptions,
): Promise<SalesforceTokens> {
  const parsed = parseInput(refreshOptionsSchema, options, 'Salesforce token refresh options');
  return postToken(
    context,
    parsed.loginUrl,
    {
      grant_type: 'refresh_token',
      refresh_token: parsed.refreshToken,
      client_id: parsed.clientId,
      client_secret: parsed.clientSecret,
    },
    'token refresh',
  );
}
