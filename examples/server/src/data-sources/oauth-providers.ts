import { DyocenseError } from '@dyocense/core';
import {
  buildGoogleAuthorizationUrl,
  buildSalesforceAuthorizeUrl,
  exchangeGoogleAuthorizationCode,
  exchangeSalesforceAuthorizationCode,
} from '@dyocense/core/connectors';
import type { PluginContextV1 } from '@dyocense/core/plugin';

/** What a successful code exchange leaves to store: the refresh token (sealed) and plain config fields. */
export interface OAuthGrant {
  readonly refreshToken: string;
  /** Plain configuration fields the provider told us (Salesforce: the org's `instanceUrl`). */
  readonly plain: Readonly<Record<string, unknown>>;
  /** Secret fields made stale by the new grant (Google: a stored access token of the previous account). */
  readonly staleSecrets: readonly string[];
}

/** One provider's side of the authorisation-code flow with PKCE, for a data source's (opened) configuration. */
export interface OAuthProvider {
  authorizeUrl(
    config: Readonly<Record<string, unknown>>,
    request: { state: string; codeChallenge: string; redirectUri: string },
  ): string;
  exchange(
    context: PluginContextV1,
    config: Readonly<Record<string, unknown>>,
    request: { code: string; codeVerifier: string; redirectUri: string },
  ): Promise<OAuthGrant>;
}

function text(config: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = config[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(config: Readonly<Record<string, unknown>>, field: string, connector: string): string {
  const value = text(config, field);
  if (value !== undefined) return value;
  throw new DyocenseError({
    code: 'invalid_input',
    message: `The ${connector} data source has no ${field}: set it (PATCH the data source) before connecting`,
    issues: [{ path: ['config', field], code: 'required', message: `needed to connect with OAuth2` }],
  });
}

function noRefreshToken(provider: string): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `${provider} answered the code exchange without a refresh token; check the app's scopes (offline access)`,
  });
}

const salesforce: OAuthProvider = {
  authorizeUrl: (config, request) =>
    buildSalesforceAuthorizeUrl({
      ...(text(config, 'loginUrl') === undefined ? {} : { loginUrl: text(config, 'loginUrl') }),
      clientId: required(config, 'clientId', 'salesforce'),
      redirectUri: request.redirectUri,
      state: request.state,
      codeChallenge: request.codeChallenge,
    }),
  async exchange(context, config, request) {
    const loginUrl = text(config, 'loginUrl');
    const clientSecret = text(config, 'clientSecret');
    const tokens = await exchangeSalesforceAuthorizationCode(context, {
      ...(loginUrl === undefined ? {} : { loginUrl }),
      clientId: required(config, 'clientId', 'salesforce'),
      ...(clientSecret === undefined ? {} : { clientSecret }),
      redirectUri: request.redirectUri,
      code: request.code,
      codeVerifier: request.codeVerifier,
    });
    if (tokens.refreshToken === undefined) throw noRefreshToken('Salesforce');
    return {
      refreshToken: tokens.refreshToken,
      plain: { instanceUrl: tokens.instanceUrl },
      staleSecrets: [],
    };
  },
};

const googleDrive: OAuthProvider = {
  authorizeUrl: (config, request) =>
    buildGoogleAuthorizationUrl({
      clientId: required(config, 'clientId', 'google-drive'),
      redirectUri: request.redirectUri,
      state: request.state,
      codeChallenge: request.codeChallenge,
    }),
  async exchange(context, config, request) {
    const tokens = await exchangeGoogleAuthorizationCode(
      context.fetch,
      {
        clientId: required(config, 'clientId', 'google-drive'),
        clientSecret: required(config, 'clientSecret', 'google-drive'),
        code: request.code,
        redirectUri: request.redirectUri,
        codeVerifier: request.codeVerifier,
      },
      context.signal,
    );
    if (tokens.refreshToken === undefined) throw noRefreshToken('Google');
    // A stored access token belongs to whichever account was connected before: the refresh token replaces it.
    return { refreshToken: tokens.refreshToken, plain: {}, staleSecrets: ['accessToken'] };
  },
};

/** Connectors whose data sources connect through the OAuth2 authorisation-code flow, by connector id. */
export const oauthProviders: ReadonlyMap<string, OAuthProvider> = new Map([
  ['salesforce', salesforce],
  ['google-drive', googleDrive],
]);
