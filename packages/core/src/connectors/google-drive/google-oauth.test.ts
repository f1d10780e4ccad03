import { afterAll, describe, expect, it } from 'vitest';
import { clientId, clientSecret, refreshToken } from './__fixtures__/drive-fixture-files.js';
import { startDriveFixture } from './__fixtures__/drive-fixture-server.js';
import {
  buildGoogleAuthorizationUrl,
  exchangeGoogleAuthorizationCode,
  refreshGoogleAccessToken,
} from './google-oauth.js';

const redirectUri = 'https://app.example.com/v1/oauth/google/callback';
const google = await startDriveFixture({
  clientId,
  clientSecret,
  refreshToken,
  files: [],
  codes: { '4/0fixture-code': redirectUri },
});
afterAll(() => google.close());

describe('Google OAuth2', () => {
  it('builds a consent URL asking for offline Drive read access with PKCE', () => {
    const url = new URL(
      buildGoogleAuthorizationUrl({ clientId, redirectUri, state: 'csrf-1', codeChallenge: 'a'.repeat(43) }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/drive.readonly',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      state: 'csrf-1',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
  });

  it('exchanges a code once for an access and a refresh token', async () => {
    const tokens = await exchangeGoogleAuthorizationCode(google.fetch, {
      clientId,
      clientSecret,
      code: '4/0fixture-code',
      redirectUri,
    });
    expect(tokens).toEqual({
      accessToken: 'ya29.fixture-1',
      expiresIn: 3599,
      refreshToken,
      scope: 'https://www.googleapis.com/auth/drive.readonly',
      tokenType: 'Bearer',
    });
    expect(google.requests.at(-1)?.form).toEqual({
      grant_type: 'authorization_code',
      code: '4/0fixture-code',
      redirect_uri: redirectUri,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const reused = exchangeGoogleAuthorizationCode(google.fetch, {
      clientId,
      clientSecret,
      code: '4/0fixture-code',
      redirectUri,
    });
    await expect(reused).rejects.toMatchObject({
      code: 'forbidden',
      message:
        'Google refused the authorisation code (invalid_grant: Bad Request); reconnect the Google account',
    });
  });

  it('refreshes an access token and reports a wrong client as forbidden', async () => {
    const tokens = await refreshGoogleAccessToken(google.fetch, { clientId, clientSecret, refreshToken });
    expect(tokens.accessToken).toMatch(/^ya29\.fixture-\d+$/);
    expect(tokens.refreshToken).toBeUndefined();
    await expect(
      refreshGoogleAccessToken(google.fetch, { clientId, clientSecret: 'wrong', refreshToken }),
    ).rejects.toMatchObject({ code: 'forbidden', details: { status: 401, reason: 'invalid_client' } });
  });
});
