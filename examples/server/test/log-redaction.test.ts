import { randomBytes } from 'node:crypto';
import { createSecretKeyring } from '@dyocense/core/secrets';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectors, type ServerConnector } from '../src/index.js';
import { redactUrl, withLogRedaction } from '../src/log-redaction.js';
import { engines, startTestServer, type TestServer } from './harness.js';
import { secretConnector } from './support/secret-connector.js';

const connectors = [...defaultConnectors(), secretConnector as unknown as ServerConnector];
const secret = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

describe.each(engines)('JSON logs of real requests carry no secret (%s)', (_engine, createDatabase) => {
  const lines: string[] = [];
  const secrets = {
    apiKey: secret('sk_live'),
    newApiKey: secret('sk_live_new'),
    shortKey: 'k3y!',
    accessToken: secret('oauth_access'),
    refreshToken: secret('oauth_refresh'),
    queryToken: secret('query_token'),
    oauthCode: secret('oauth_code'),
    cookie: secret('session'),
    headerKey: secret('header_key'),
  };
  let server: TestServer;
  let tokens: string[];

  beforeAll(async () => {
    server = await startTestServer(createDatabase, {
      secretKeys: createSecretKeyring([randomBytes(32)]),
      connectors,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    });
    tokens = (['viewer', 'analyst', 'admin'] as const).map((role) => server.token(server.tenantA, role));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('redacts headers, query tokens and connector secrets from every line', async () => {
    const admin = server.token(server.tenantA, 'admin');
    const created = await server.call('POST', '/v1/data-sources', {
      token: admin,
      json: {
        connectorId: 'test-api',
        name: 'crm',
        config: {
          baseUrl: 'https://api.example.test',
          apiKey: secrets.apiKey,
          oauth: { accessToken: secrets.accessToken, refreshToken: secrets.refreshToken },
        },
      },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(
      (
        await server.call('PATCH', `/v1/data-sources/${id}`, {
          token: admin,
          json: { config: { apiKey: secrets.newApiKey } },
        })
      ).status,
    ).toBe(200);
    // A refused secret (400) and a forbidden write (403).
    expect(
      (
        await server.call('POST', '/v1/data-sources', {
          token: admin,
          json: {
            connectorId: 'test-api',
            name: 'bad',
            config: { baseUrl: 'https://a.test', apiKey: secrets.shortKey },
          },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await server.call('POST', '/v1/data-sources', {
          token: server.token(server.tenantA, 'viewer'),
          json: { connectorId: 'test-api', name: 'x', config: { apiKey: secrets.apiKey } },
        })
      ).status,
    ).toBe(403);
    // Tokens in the query string (an OAuth callback shape) and in other headers.
    const query = await fetch(
      `${server.url}/v1/data-sources?access_token=${secrets.queryToken}&code=${secrets.oauthCode}&limit=5`,
      {
        headers: {
          authorization: `Bearer ${server.token(server.tenantA, 'analyst')}`,
          cookie: `session=${secrets.cookie}`,
          'x-api-key': secrets.headerKey,
        },
      },
    );
    expect(query.status).toBe(200);
    await query.text();
    // An invalid token is a secret too (it may be a real one with a typo).
    expect((await server.call('GET', '/v1/data-sources', { token: `${tokens[2]}x` })).status).toBe(401);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    // The headers are logged, so the redaction is what keeps them out.
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toContain('"cookie":"[redacted]"');
    expect(log).toContain('"x-api-key":"[redacted]"');
    expect(log).toContain('access_token=%5Bredacted%5D');
    expect(log).toContain('limit=5');
    for (const value of [...Object.values(secrets), ...tokens]) expect(log).not.toContain(value);
    // Every line is JSON with the request id.
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('level');
  });
});

describe('withLogRedaction', () => {
  it('censors secret keys and connector secret fields in logged objects, up to two levels down', async () => {
    const lines: string[] = [];
    const app = Fastify({
      logger: withLogRedaction({ level: 'info', stream: { write: (line: string) => lines.push(line) } }, [
        'serviceAccountKey',
      ]),
    });
    app.get('/probe', async (request) => {
      request.log.info(
        {
          dataSource: { config: { apiKey: 'A1', serviceAccountKey: 'B2', region: 'eu' } },
          oauth: { refresh_token: 'C3', access_token: 'D4' },
          token: 'E5',
          password: 'F6',
        },
        'probe',
      );
      return {};
    });
    await app.inject({ method: 'GET', url: '/probe' });
    await app.close();
    const line = JSON.parse(lines.find((entry) => entry.includes('"probe"')) ?? '{}');
    expect(line).toMatchObject({
      dataSource: { config: { apiKey: '[redacted]', serviceAccountKey: '[redacted]', region: 'eu' } },
      oauth: { refresh_token: '[redacted]', access_token: '[redacted]' },
      token: '[redacted]',
      password: '[redacted]',
    });
  });

  it('keeps logging off when it was off', () => {
    expect(withLogRedaction(false, ['apiKey'])).toBe(false);
    expect(withLogRedaction(undefined, [])).toBe(false);
  });

  it('masks secret query parameters only', () => {
    // An OAuth callback's state carries the secret of a pending connection (routes/oauth.ts).
    expect(redactUrl('/v1/x?code=abc&state=s1&limit=5&API_KEY=k')).toBe(
      '/v1/x?code=%5Bredacted%5D&state=%5Bredacted%5D&limit=5&API_KEY=%5Bredacted%5D',
    );
    expect(redactUrl('/v1/x')).toBe('/v1/x');
    expect(redactUrl('/v1/x?token')).toBe('/v1/x?token');
  });
});
