import { randomBytes, randomUUID } from 'node:crypto';
import { tenantSetting, withTenant } from '@dyocense/core/db';
import { createSecretKeyring, decryptSecret } from '@dyocense/core/secrets';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as driveFixtureFiles from '../../../packages/core/src/connectors/google-drive/__fixtures__/drive-fixture-files.js';
import {
  type DriveFixture,
  startDriveFixture,
} from '../../../packages/core/src/connectors/google-drive/__fixtures__/drive-fixture-server.js';
import {
  type SalesforceFixture,
  startSalesforceFixture,
} from '../../../packages/core/src/connectors/salesforce/__fixtures__/salesforce-fixture-server.js';
import { defaultConnectorContext } from '../src/index.js';
import { engines, startTestServer, type TestServer } from './harness.js';

const keyring = createSecretKeyring([randomBytes(32)]);
const publicUrl = 'https://dyocense.example.test';
const redirectUri = `${publicUrl}/v1/oauth/callback`;
/** What the source starts with: a refresh token of another account, replaced by the OAuth connection. */
const oldRefreshToken = `rt_old_${randomBytes(8).toString('hex')}`;

interface StoredRow {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

describe.each(engines)('OAuth connection of data sources (%s)', (_engine, createDatabase) => {
  let server: TestServer;
  let fixture: SalesforceFixture;
  let drive: DriveFixture;
  const googleCode = '4/0fixture-code';
  const lines: string[] = [];
  const admin = (tenant: string) => server.token(tenant, 'admin');

  beforeAll(async () => {
    fixture = await startSalesforceFixture();
    drive = await startDriveFixture({
      clientId: driveFixtureFiles.clientId,
      clientSecret: driveFixtureFiles.clientSecret,
      refreshToken: driveFixtureFiles.refreshToken,
      files: [],
      codes: { [googleCode]: redirectUri },
    });
    server = await startTestServer(createDatabase, {
      secretKeys: keyring,
      publicUrl,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
      syncJobs: {
        // The fixture listens on loopback: the operator (here, the test) admits it; tenants cannot.
        // Google's token endpoint is reached through the Drive fixture's fetch (Google's URLs to loopback).
        contextFor: (connector, signal) =>
          connector.id === 'google-drive'
            ? { ...defaultConnectorContext(connector, signal), fetch: drive.fetch }
            : defaultConnectorContext(connector, signal, { extraAllowedHosts: ['localhost'] }),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await fixture?.close();
    await drive?.close();
  });

  async function createSalesforceSource(tenant: string, name: string): Promise<string> {
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(tenant),
      json: {
        connectorId: 'salesforce',
        name,
        config: {
          // A placeholder the token response replaces with the org's instance URL.
          instanceUrl: 'https://placeholder.my.salesforce.com',
          loginUrl: fixture.url,
          clientId: fixture.clientId,
          clientSecret: fixture.clientSecret,
          refreshToken: oldRefreshToken,
        },
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return (answer.body as { id: string }).id;
  }

  async function start(tenant: string, id: string) {
    return server.call('POST', `/v1/data-sources/${id}/oauth/start`, { token: admin(tenant) });
  }

  /** Follows the authorize URL the way a browser would, up to the redirect back to the server. */
  async function authorize(authorizeUrl: string): Promise<URL> {
    const response = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(redirectUri);
    return location;
  }

  /** The browser's arrival at our callback: the provider's query, on our own origin. */
  function callback(query: URLSearchParams) {
    return server.call('GET', `/v1/oauth/callback?${query}`);
  }

  async function storedRow(tenant: string, id: string): Promise<StoredRow> {
    return (await withTenant(server.database.app.db, tenant, (trx) =>
      trx
        .selectFrom('data_sources')
        .select(['config', 'secrets'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    )) as StoredRow;
  }

  const openRefreshToken = (tenant: string, id: string, sealed: string) =>
    JSON.parse(decryptSecret(keyring, sealed, { tenantId: tenant, objectId: id, field: 'refreshToken' }));

  async function pendingStates(tenant: string): Promise<number> {
    const rows = await withTenant(server.database.app.db, tenant, (trx) =>
      trx.selectFrom('oauth_states').select('id').execute(),
    );
    return rows.length;
  }

  async function auditActions(tenant: string): Promise<{ action: string; detail: unknown }[]> {
    return withTenant(server.database.app.db, tenant, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'detail']).orderBy('id').execute(),
    );
  }

  it('start -> authorize -> callback stores the sealed refresh token; the state cannot be reused', async () => {
    const id = await createSalesforceSource(server.tenantA, 'crm');
    const started = await start(server.tenantA, id);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const { authorizeUrl, expiresAt } = started.body as { authorizeUrl: string; expiresAt: string };
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${fixture.url}/services/oauth2/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const state = url.searchParams.get('state') ?? '';
    // The state names the tenant (row-level security needs it) and carries a secret the database never holds.
    expect(state.startsWith(`${server.tenantA}.`)).toBe(true);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const stateRows = await withTenant(server.database.app.db, server.tenantA, (trx) =>
      trx.selectFrom('oauth_states').selectAll().execute(),
    );
    expect(stateRows).toHaveLength(1);
    expect(JSON.stringify(stateRows)).not.toContain(state.split('.')[2]);
    expect(stateRows[0]).toMatchObject({
      data_source_id: id,
      subject: 'admin@test',
      redirect_uri: redirectUri,
    });

    const back = await authorize(authorizeUrl);
    const answer = await callback(back.searchParams);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ connected: true, dataSourceId: id, connectorId: 'salesforce' });

    // The token endpoint got the code with the PKCE verifier; the fixture issued refresh token 1.
    const exchange = fixture.requests.filter((request) => request.kind === 'token').at(-1);
    expect(exchange?.form).toMatchObject({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code'),
      redirect_uri: redirectUri,
      client_secret: fixture.clientSecret,
    });
    const issued = [...fixture.validRefreshTokens].filter((token) => token !== 'fixture-refresh-token-0');
    expect(issued).toHaveLength(1);
    const row = await storedRow(server.tenantA, id);
    expect(openRefreshToken(server.tenantA, id, row.secrets.refreshToken ?? '')).toBe(issued[0]);
    expect(row.config.instanceUrl).toBe(fixture.url);
    expect(JSON.stringify(row)).not.toContain(issued[0]);
    expect(await pendingStates(server.tenantA)).toBe(0);

    const audit = await auditActions(server.tenantA);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['data_sources.oauth_started', 'data_sources.oauth_connected']),
    );
    expect(audit.find((entry) => entry.action === 'data_sources.oauth_connected')?.detail).toEqual({
      subject: 'admin@test',
      connectorId: 'salesforce',
      secretFields: ['refreshToken'],
      changedFields: ['instanceUrl'],
    });

    // The same redirect again: the state is spent, nothing changes.
    const tokenRequests = fixture.requests.filter((request) => request.kind === 'token').length;
    const reused = await callback(back.searchParams);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({
      error: { code: 'invalid_input', issues: [{ code: 'invalid_state' }] },
    });
    expect(fixture.requests.filter((request) => request.kind === 'token')).toHaveLength(tokenRequests);
    expect((await storedRow(server.tenantA, id)).secrets.refreshToken).toBe(row.secrets.refreshToken);

    // No token, verifier or state secret in the logs or in any answer.
    const log = lines.join('');
    for (const secret of [issued[0] ?? '', exchange?.form?.code_verifier ?? '', state.split('.')[2] ?? ''])
      expect(log).not.toContain(secret);
    expect(log).not.toContain(back.searchParams.get('code'));
    expect(log).toContain('/v1/oauth/callback');
    const read = await server.call('GET', `/v1/data-sources/${id}`, { token: admin(server.tenantA) });
    expect(JSON.stringify(read.body)).not.toContain(issued[0]);
    expect((read.body as { config: Record<string, unknown> }).config.refreshToken).toBe('***');
  });

  it("answers 404 for another tenant's data source, and refuses a state rewritten to another tenant", async () => {
    const id = await createSalesforceSource(server.tenantA, 'crm-2');
    const other = await start(server.tenantB, id);
    expect(other.status).toBe(404);
    expect(await start(server.tenantA, randomUUID()).then((answer) => answer.status)).toBe(404);
    expect(await start(server.tenantA, 'not-an-id').then((answer) => answer.status)).toBe(404);
    expect(await pendingStates(server.tenantB)).toBe(0);

    // A real state with its tenant swapped finds no row in tenant B: refused, nothing stored anywhere.
    const started = await start(server.tenantA, id);
    const back = await authorize((started.body as { authorizeUrl: string }).authorizeUrl);
    const [, stateId, secret] = (back.searchParams.get('state') ?? '').split('.');
    const forged = new URLSearchParams(back.searchParams);
    forged.set('state', `${server.tenantB}.${stateId}.${secret}`);
    expect((await callback(forged)).status).toBe(400);
    // A guessed secret for the real row is refused too (and does not spend it).
    const guessed = new URLSearchParams(back.searchParams);
    guessed.set('state', `${server.tenantA}.${stateId}.${'A'.repeat(43)}`);
    expect((await callback(guessed)).status).toBe(400);
    const row = await storedRow(server.tenantA, id);
    expect(openRefreshToken(server.tenantA, id, row.secrets.refreshToken ?? '')).toBe(oldRefreshToken);
    expect(await pendingStates(server.tenantA)).toBe(1);
    // Clean up: the real state still works once.
    expect((await callback(back.searchParams)).status).toBe(200);
  });

  it('refuses an expired state with 400 and stores nothing', async () => {
    const id = await createSalesforceSource(server.tenantA, 'crm-expired');
    const started = await start(server.tenantA, id);
    const back = await authorize((started.body as { authorizeUrl: string }).authorizeUrl);
    // Ten minutes pass (the owner moves the expiry; the app role may not update states).
    await server.database.owner.transaction().execute(async (trx) => {
      // The owner's role (PGlite: back from the app role to the superuser), with the tenant set for the policy.
      await sql`set local role none`.execute(trx);
      await sql`select set_config(${tenantSetting}, ${server.tenantA}, true)`.execute(trx);
      await sql`update oauth_states set expires_at = now() - interval '1 second'
        where data_source_id = ${id}::uuid`.execute(trx);
    });
    const tokenRequests = fixture.requests.filter((request) => request.kind === 'token').length;
    const answer = await callback(back.searchParams);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('expired') },
    });
    expect(fixture.requests.filter((request) => request.kind === 'token')).toHaveLength(tokenRequests);
    const row = await storedRow(server.tenantA, id);
    expect(openRefreshToken(server.tenantA, id, row.secrets.refreshToken ?? '')).toBe(oldRefreshToken);
    // The expired state is gone: a retry is "unknown", not "expired".
    expect(await pendingStates(server.tenantA)).toBe(0);
  });

  it('answers error=access_denied with 400 and stores nothing', async () => {
    const id = await createSalesforceSource(server.tenantA, 'crm-denied');
    const before = await storedRow(server.tenantA, id);
    const started = await start(server.tenantA, id);
    const state =
      new URL((started.body as { authorizeUrl: string }).authorizeUrl).searchParams.get('state') ?? '';
    const tokenRequests = fixture.requests.filter((request) => request.kind === 'token').length;
    const answer = await callback(
      new URLSearchParams({
        error: 'access_denied',
        error_description: 'end-user denied authorization',
        state,
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('access_denied') },
    });
    expect(fixture.requests.filter((request) => request.kind === 'token')).toHaveLength(tokenRequests);
    expect(await storedRow(server.tenantA, id)).toEqual(before);
    expect(await pendingStates(server.tenantA)).toBe(0);
    const audit = await auditActions(server.tenantA);
    expect(audit.filter((entry) => entry.action === 'data_sources.oauth_connected')).toHaveLength(2);
  });

  it('answers 400 when the token endpoint refuses the code, storing nothing', async () => {
    const id = await createSalesforceSource(server.tenantA, 'crm-refused');
    const before = await storedRow(server.tenantA, id);
    const started = await start(server.tenantA, id);
    const back = await authorize((started.body as { authorizeUrl: string }).authorizeUrl);
    const wrongCode = new URLSearchParams(back.searchParams);
    wrongCode.set('code', 'aPrxNotIssuedByTheFixture');
    const answer = await callback(wrongCode);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('invalid_grant') },
    });
    expect(await storedRow(server.tenantA, id)).toEqual(before);
    // Single use even when the exchange failed.
    expect((await callback(back.searchParams)).status).toBe(400);
  });

  it('refuses connectors without OAuth, states it never issued, and callbacks without a state', async () => {
    const upload = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: { connectorId: 'file-upload', name: 'files', config: { path: 'sales.csv' } },
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const refused = await start(server.tenantA, (upload.body as { id: string }).id);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: { message: expect.stringContaining('does not connect with OAuth2') },
    });
    expect((await server.call('GET', '/v1/oauth/callback?code=x&state=nonsense')).status).toBe(400);
    expect((await server.call('GET', '/v1/oauth/callback?code=x')).status).toBe(400);
    expect(
      (
        await server.call(
          'GET',
          `/v1/oauth/callback?code=x&state=${randomUUID()}.${randomUUID()}.${'B'.repeat(43)}`,
        )
      ).status,
    ).toBe(400);
    // Analysts cannot start a connection.
    const analyst = await server.call('POST', `/v1/data-sources/${randomUUID()}/oauth/start`, {
      token: server.token(server.tenantA, 'analyst'),
    });
    expect(analyst.status).toBe(403);
  });

  it('connects a Google Drive source: the refresh token replaces a stored access token', async () => {
    const created = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantB),
      json: {
        connectorId: 'google-drive',
        name: 'drive',
        config: {
          folderId: driveFixtureFiles.folderId,
          clientId: driveFixtureFiles.clientId,
          clientSecret: driveFixtureFiles.clientSecret,
          accessToken: 'ya29.stale-access-token',
        },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const started = await start(server.tenantB, id);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const url = new URL((started.body as { authorizeUrl: string }).authorizeUrl);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    // Google's consent page is not followed (it is on the internet): the browser comes back with the code.
    const answer = await callback(
      new URLSearchParams({ code: googleCode, state: url.searchParams.get('state') ?? '' }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ connected: true, dataSourceId: id, connectorId: 'google-drive' });
    const row = await storedRow(server.tenantB, id);
    expect(Object.keys(row.secrets).sort()).toEqual(['clientSecret', 'refreshToken']);
    expect(openRefreshToken(server.tenantB, id, row.secrets.refreshToken ?? '')).toBe(
      driveFixtureFiles.refreshToken,
    );
    expect(lines.join('')).not.toContain(driveFixtureFiles.refreshToken);
  });
});
