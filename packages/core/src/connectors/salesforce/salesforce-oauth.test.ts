import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockContext } from '../../testing/create-mock-context.js';
import type { SalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import { startSalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import {
  buildSalesforceAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  exchangeSalesforceAuthorizationCode,
  refreshSalesforceAccessToken,
} from './salesforce-oauth.js';

let fixture: SalesforceFixture;
beforeEach(async () => {
  fixture = await startSalesforceFixture();
});
afterEach(() => fixture.close());

const context = () => createMockContext({ allowedHosts: ['localhost'], fetch: globalThis.fetch });
const redirectUri = 'https://app.dyocense.test/v1/oauth/salesforce/callback';

/** Follows the authorize URL the way a browser would, up to the redirect back to the app. */
async function authorize(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

describe('salesforce OAuth helpers', () => {
  it('creates a PKCE verifier with its S256 challenge', async () => {
    const pair = await createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallenge).toBe(createHash('sha256').update(pair.codeVerifier).digest('base64url'));
    expect(pair.codeChallengeMethod).toBe('S256');
    expect((await createPkcePair()).codeVerifier).not.toBe(pair.codeVerifier);
  });

  it('builds the authorize URL with state, PKCE and the refresh_token scope', async () => {
    const state = createOAuthState();
    const { codeChallenge } = await createPkcePair();
    const url = new URL(
      buildSalesforceAuthorizeUrl({ clientId: 'client', redirectUri, state, codeChallenge }),
    );
    expect(url.origin + url.pathname).toBe('https://login.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client',
      redirect_uri: redirectUri,
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      scope: 'api refresh_token',
    });
    expect(() =>
      buildSalesforceAuthorizeUrl({ clientId: 'client', redirectUri, state: 'short', codeChallenge }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('runs the authorisation-code flow with PKCE against the token endpoint', async () => {
    const state = createOAuthState();
    const pkce = await createPkcePair();
    const callback = await authorize(
      buildSalesforceAuthorizeUrl({
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        redirectUri,
        state,
        codeChallenge: pkce.codeChallenge,
      }),
    );
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code') ?? '';
    const tokens = await exchangeSalesforceAuthorizationCode(context(), {
      loginUrl: fixture.url,
      clientId: fixture.clientId,
      clientSecret: fixture.clientSecret,
      redirectUri,
      code,
      codeVerifier: pkce.codeVerifier,
    });
    expect(tokens).toMatchObject({
      refreshToken: 'fixture-refresh-token-1',
      instanceUrl: fixture.url,
      scope: 'api refresh_token',
    });
    expect(tokens.accessToken).toMatch(/^00Dfixture!/);
    expect(fixture.requests.at(-1)?.form).toEqual({
      grant_type: 'authorization_code',
      code,
      client_id: fixture.clientId,
      client_secret: fixture.clientSecret,
      redirect_uri: redirectUri,
      code_verifier: pkce.codeVerifier,
    });
    // The new refresh token works, and a code is good for one exchange only.
    const refreshed = await refreshSalesforceAccessToken(context(), {
      loginUrl: fixture.url,
      clientId: fixture.clientId,
      clientSecret: fixture.clientSecret,
      refreshToken: tokens.refreshToken ?? '',
    });
    expect(refreshed.refreshToken).toBeUndefined();
    await expect(
      exchangeSalesforceAuthorizationCode(context(), {
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        redirectUri,
        code,
        codeVerifier: pkce.codeVerifier,
      }),
    ).rejects.toMatchObject({ code: 'forbidden', details: { oauthError: 'invalid_grant', status: 400 } });
  });

  it('refuses a code exchanged with the wrong verifier', async () => {
    const pkce = await createPkcePair();
    const other = await createPkcePair();
    const callback = await authorize(
      buildSalesforceAuthorizeUrl({
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        redirectUri,
        state: createOAuthState(),
        codeChallenge: pkce.codeChallenge,
      }),
    );
    await expect(
      exchangeSalesforceAuthorizationCode(context(), {
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        redirectUri,
        code: callback.searchParams.get('code') ?? '',
        codeVerifier: other.codeVerifier,
      }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('invalid code verifier') });
  });

  it('returns the rotated refresh token and revokes the previous one', async () => {
    fixture.rotateRefreshTokens = true;
    const options = {
      loginUrl: fixture.url,
      clientId: fixture.clientId,
      refreshToken: 'fixture-refresh-token-0',
    };
    const first = await refreshSalesforceAccessToken(context(), options);
    expect(first.refreshToken).toBe('fixture-refresh-token-1');
    await expect(refreshSalesforceAccessToken(context(), options)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('invalid_grant'),
    });
    const second = await refreshSalesforceAccessToken(context(), {
      ...options,
      refreshToken: 'fixture-refresh-token-1',
    });
    expect(second.refreshToken).toBe('fixture-refresh-token-2');
  });

  it('only reaches hosts the context allows', async () => {
    const closed = createMockContext({ allowedHosts: ['login.salesforce.com'], fetch: globalThis.fetch });
    await expect(
      refreshSalesforceAccessToken(closed, {
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        refreshToken: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(fixture.requests).toHaveLength(0);
  });
});
