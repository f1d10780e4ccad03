import { randomBytes, randomUUID } from 'node:crypto';
import { DyocenseError } from '@dyocense/core';
import { withTenant } from '@dyocense/core/db';
import { createSecretKeyring, decryptSecret, secretKeyIdOf } from '@dyocense/core/secrets';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConnectorCatalog,
  defaultConnectors,
  readDataSourceConfig,
  replaceDataSourceSecret,
  type ServerConnector,
} from '../src/index.js';
import { engines, startTestServer, type TestServer } from './harness.js';
import { secretConnector } from './support/secret-connector.js';

const keyring = createSecretKeyring([randomBytes(32)]);
const connectors = [...defaultConnectors(), secretConnector as unknown as ServerConnector];

const apiKey = `sk_live_${randomBytes(12).toString('hex')}`;
const refreshToken = `rt_${randomBytes(12).toString('hex')}`;
const accessToken = `at_${randomBytes(12).toString('hex')}`;

interface DataSource {
  id: string;
  connectorId: string;
  name: string;
  config: Record<string, unknown>;
  secrets: Record<string, boolean>;
  schedule: { cron: string; timezone: string } | null;
  mapping: unknown;
  createdAt: string;
  updatedAt: string;
}

interface StoredRow {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

describe.each(engines)('data sources (%s)', (_engine, createDatabase) => {
  let server: TestServer;
  const admin = (tenant: string) => server.token(tenant, 'admin');

  async function storedRow(tenant: string, id: string): Promise<StoredRow> {
    return withTenant(server.database.app.db, tenant, (trx) =>
      trx
        .selectFrom('data_sources')
        .select(['config', 'secrets'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ) as Promise<StoredRow>;
  }

  async function create(tenant: string, name: string, config?: Record<string, unknown>): Promise<DataSource> {
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(tenant),
      json: {
        connectorId: 'test-api',
        name,
        config: config ?? {
          baseUrl: 'https://api.example.test',
          apiKey,
          oauth: { accessToken, refreshToken },
        },
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as DataSource;
  }

  beforeAll(async () => {
    server = await startTestServer(createDatabase, { secretKeys: keyring, connectors });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores secret fields sealed and answers them as *** with a present flag', async () => {
    const created = await create(server.tenantA, 'crm');
    expect(created).toMatchObject({
      connectorId: 'test-api',
      name: 'crm',
      config: { baseUrl: 'https://api.example.test', apiKey: '***', oauth: '***' },
      secrets: { apiKey: true, oauth: true },
    });
    const row = await storedRow(server.tenantA, created.id);
    expect(row.config).toEqual({ baseUrl: 'https://api.example.test' });
    expect(Object.keys(row.secrets).sort()).toEqual(['apiKey', 'oauth']);
    const stored = JSON.stringify(row);
    for (const secret of [apiKey, accessToken, refreshToken]) expect(stored).not.toContain(secret);
    expect(secretKeyIdOf(row.secrets.apiKey as string)).toBe(keyring.current.id);
    expect(
      decryptSecret(keyring, row.secrets.apiKey as string, {
        tenantId: server.tenantA,
        objectId: created.id,
        field: 'apiKey',
      }),
    ).toBe(JSON.stringify(apiKey));

    for (const path of ['/v1/data-sources', `/v1/data-sources/${created.id}`]) {
      const answer = await server.call('GET', path, { token: server.token(server.tenantA, 'analyst') });
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const secret of [apiKey, accessToken, refreshToken]) expect(text).not.toContain(secret);
    }
    const one = await server.call('GET', `/v1/data-sources/${created.id}`, { token: admin(server.tenantA) });
    expect(one.body).toEqual(created);
  });

  it('gives a sync the full configuration, secrets opened', async () => {
    const created = await create(server.tenantA, 'for-sync');
    const read = await withTenant(server.database.app.db, server.tenantA, (trx) =>
      readDataSourceConfig(trx, keyring, server.tenantA, created.id),
    );
    expect(read).toEqual({
      connectorId: 'test-api',
      name: 'for-sync',
      config: { baseUrl: 'https://api.example.test', apiKey, oauth: { accessToken, refreshToken } },
    });
  });

  it('lets analysts read, refuses their writes, and refuses viewers altogether', async () => {
    const analyst = server.token(server.tenantA, 'analyst');
    const viewer = server.token(server.tenantA, 'viewer');
    expect((await server.call('GET', '/v1/data-sources', { token: analyst })).status).toBe(200);
    expect((await server.call('GET', '/v1/data-sources', { token: viewer })).status).toBe(403);
    expect((await server.call('GET', '/v1/data-sources')).status).toBe(401);
    const refused = await server.call('POST', '/v1/data-sources', {
      token: analyst,
      json: { connectorId: 'test-api', name: 'x', config: { baseUrl: 'https://a.test', apiKey } },
    });
    expect(refused.status).toBe(403);
  });

  it("answers another tenant's data source exactly like a missing one, for every route", async () => {
    const created = await create(server.tenantA, 'private');
    const tokenB = admin(server.tenantB);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/data-sources/${created.id}`],
      ['PATCH', `/v1/data-sources/${created.id}`, { name: 'stolen' }],
      ['DELETE', `/v1/data-sources/${created.id}`],
    ];
    for (const [method, path, json] of attempts) {
      const theirs = await server.call(method, path, { token: tokenB, ...(json ? { json } : {}) });
      const missing = await server.call(method, path.replace(created.id, randomUUID()), {
        token: tokenB,
        ...(json ? { json } : {}),
      });
      const malformed = await server.call(method, path.replace(created.id, 'not-an-id'), {
        token: tokenB,
        ...(json ? { json } : {}),
      });
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
      expect(malformed).toMatchObject({ status: 404, body: missing.body });
    }
    const list = await server.call('GET', '/v1/data-sources', { token: tokenB });
    expect((list.body as { dataSources: DataSource[] }).dataSources.map((source) => source.id)).not.toContain(
      created.id,
    );
    // Still there, unchanged, for its own tenant.
    const own = await server.call('GET', `/v1/data-sources/${created.id}`, { token: admin(server.tenantA) });
    expect(own.body).toEqual(created);
  });

  it('merge-patches the configuration: *** keeps a secret, a new value re-seals it, null removes it', async () => {
    const created = await create(server.tenantA, 'patched');
    const before = await storedRow(server.tenantA, created.id);

    const renamed = await server.call('PATCH', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
      json: { name: 'patched-2', config: { region: 'us', apiKey: '***' } },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'patched-2', config: { region: 'us', apiKey: '***' } });
    const kept = await storedRow(server.tenantA, created.id);
    expect(kept.secrets.apiKey).toBe(before.secrets.apiKey);

    const newKey = `sk_live_${randomBytes(12).toString('hex')}`;
    const rekeyed = await server.call('PATCH', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
      json: { config: { apiKey: newKey, oauth: null } },
    });
    expect(rekeyed.status).toBe(200);
    expect(rekeyed.body).toMatchObject({ secrets: { apiKey: true, oauth: false } });
    expect((rekeyed.body as DataSource).config).not.toHaveProperty('oauth');
    const read = await withTenant(server.database.app.db, server.tenantA, (trx) =>
      readDataSourceConfig(trx, keyring, server.tenantA, created.id),
    );
    expect(read.config).toEqual({ baseUrl: 'https://api.example.test', region: 'us', apiKey: newKey });
  });

  it('validates configurations with the connector and never echoes a refused secret', async () => {
    const shortKey = 'k3y!';
    const invalid = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: { connectorId: 'test-api', name: 'bad', config: { baseUrl: 'https://a.test', apiKey: shortKey } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      error: { code: 'invalid_input', issues: [{ path: ['config', 'apiKey'], message: 'invalid value' }] },
    });
    expect(JSON.stringify(invalid.body)).not.toContain(shortKey);

    const misspelt = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: {
        connectorId: 'test-api',
        name: 'typo',
        config: { baseUrl: 'https://a.test', apiKey, apikey: apiKey },
      },
    });
    expect(misspelt).toMatchObject({
      status: 400,
      body: { error: { issues: [{ path: ['config', 'apikey'], code: 'unrecognized_keys' }] } },
    });
    expect(JSON.stringify(misspelt.body)).not.toContain(apiKey);

    const unknown = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: { connectorId: 'nope', name: 'bad', config: {} },
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['connectorId'] }] } } });

    await create(server.tenantA, 'taken');
    const duplicate = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: { connectorId: 'test-api', name: 'taken', config: { baseUrl: 'https://a.test', apiKey } },
    });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it("seals the Salesforce connector's client secret and refresh token", async () => {
    const clientSecret = `cs_${randomBytes(12).toString('hex')}`;
    const salesforceToken = `5Aep_${randomBytes(12).toString('hex')}`;
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: {
        connectorId: 'salesforce',
        name: 'acme org',
        config: {
          instanceUrl: 'https://acme.my.salesforce.com',
          clientId: '3MVG9-client',
          clientSecret,
          refreshToken: salesforceToken,
        },
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({
      config: { clientId: '3MVG9-client', clientSecret: '***', refreshToken: '***' },
      secrets: { clientSecret: true, refreshToken: true },
    });
    const row = await storedRow(server.tenantA, (answer.body as DataSource).id);
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    expect(JSON.stringify(row)).not.toContain(salesforceToken);
    expect(row.config).toEqual({ instanceUrl: 'https://acme.my.salesforce.com', clientId: '3MVG9-client' });
  });

  it('replaces a rotated secret inside a sync transaction, audited by field name', async () => {
    const created = await create(server.tenantA, 'rotating');
    const actor = { tenantId: server.tenantA, subject: 'sync' };
    const catalog = createConnectorCatalog(connectors);
    const rotated = { accessToken: 'at-2', refreshToken: `rt_${randomBytes(8).toString('hex')}` };
    await withTenant(server.database.app.db, server.tenantA, (trx) =>
      replaceDataSourceSecret(trx, { connectors: catalog, keyring }, actor, created.id, 'oauth', rotated),
    );
    const read = await withTenant(server.database.app.db, server.tenantA, (trx) =>
      readDataSourceConfig(trx, keyring, server.tenantA, created.id),
    );
    expect(read.config).toMatchObject({ apiKey, oauth: rotated });
    await expect(
      withTenant(server.database.app.db, server.tenantA, (trx) =>
        replaceDataSourceSecret(trx, { connectors: catalog, keyring }, actor, created.id, 'baseUrl', 'x'),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const log = await server.call('GET', '/v1/audit-log', { token: admin(server.tenantA) });
    const entry = (
      log.body as { entries: { action: string; targetId: string; detail: unknown }[] }
    ).entries.find((item) => item.action === 'data_sources.secret_replaced' && item.targetId === created.id);
    expect(entry?.detail).toEqual({ subject: 'sync', field: 'oauth' });
    expect(JSON.stringify(log.body)).not.toContain(rotated.refreshToken);
  });

  it('creates a file-upload data source, which has no secrets', async () => {
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: { connectorId: 'file-upload', name: 'sales.csv', config: { text: 'date,sales\n2024-01-01,5\n' } },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ connectorId: 'file-upload', secrets: {} });
  });

  it('deletes a data source with its sync runs', async () => {
    const created = await create(server.tenantA, 'with-runs');
    await withTenant(server.database.app.db, server.tenantA, (trx) =>
      trx
        .insertInto('sync_runs')
        .values([
          {
            tenant_id: server.tenantA,
            data_source_id: created.id,
            status: 'failed',
            started_at: '2024-01-01T00:00:00Z',
            error: 'timeout',
          },
          {
            tenant_id: server.tenantA,
            data_source_id: created.id,
            status: 'succeeded',
            started_at: '2024-01-02T00:00:00Z',
            finished_at: '2024-01-02T00:01:00Z',
            rows_read: 42,
          },
        ])
        .execute(),
    );
    const runs = await server.call('GET', `/v1/sync-runs?dataSourceId=${created.id}`, {
      token: server.token(server.tenantA, 'analyst'),
    });
    expect(runs.status).toBe(200);
    expect((runs.body as { runs: unknown[] }).runs).toMatchObject([
      { status: 'succeeded', rowsRead: 42 },
      { status: 'failed', error: 'timeout' },
    ]);

    const deleted = await server.call('DELETE', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
    });
    expect(deleted.status).toBe(204);
    expect(
      (await server.call('GET', `/v1/data-sources/${created.id}`, { token: admin(server.tenantA) })).status,
    ).toBe(404);
    const left = await withTenant(server.database.app.db, server.tenantA, async (trx) => {
      const result = await sql<{ count: string }>`
        select count(*) as count from sync_runs where data_source_id = ${created.id}::uuid`.execute(trx);
      return Number(result.rows[0]?.count);
    });
    expect(left).toBe(0);
  });

  it('stores a sync schedule and mapping on create and PATCH, answers them, and refuses invalid ones', async () => {
    const mapping = {
      streams: [
        {
          name: 'Opportunity',
          timestampField: 'CloseDate',
          dimensionFields: ['StageName'],
          points: [{ valueField: 'Amount', metric: 'pipeline_amount' }],
        },
      ],
    };
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(server.tenantA),
      json: {
        connectorId: 'test-api',
        name: 'scheduled',
        config: { baseUrl: 'https://api.example.test', apiKey },
        schedule: { cron: '0 6 * * 1-5', timezone: 'Europe/Paris' },
        mapping,
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const created = answer.body as DataSource;
    // Defaults filled in: incremental sync mode.
    const storedMapping = {
      streams: [{ ...mapping.streams[0], syncMode: 'incremental' }],
    };
    expect(created).toMatchObject({
      schedule: { cron: '0 6 * * 1-5', timezone: 'Europe/Paris' },
      mapping: storedMapping,
    });
    const read = await server.call('GET', `/v1/data-sources/${created.id}`, { token: admin(server.tenantA) });
    expect(read.body).toMatchObject({ schedule: created.schedule, mapping: storedMapping });
    // The scheduler sees it (the table the tick reads, kept by a trigger).
    const scheduled = async () =>
      (
        await sql<{ cron: string; timezone: string }>`
          select cron, timezone from dyocense_jobs.sync_schedules where data_source_id = ${created.id}::uuid`.execute(
          server.database.owner,
        )
      ).rows;
    expect(await scheduled()).toEqual([{ cron: '0 6 * * 1-5', timezone: 'Europe/Paris' }]);

    // PATCH: a new schedule (timezone defaults to UTC), then none; the mapping is kept unless given.
    const patched = await server.call('PATCH', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
      json: { schedule: { cron: '*/15 * * * *' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      schedule: { cron: '*/15 * * * *', timezone: 'UTC' },
      mapping: storedMapping,
    });
    expect(await scheduled()).toEqual([{ cron: '*/15 * * * *', timezone: 'UTC' }]);
    const cleared = await server.call('PATCH', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
      json: { schedule: null, mapping: null },
    });
    expect(cleared.body).toMatchObject({ schedule: null, mapping: null });
    expect(await scheduled()).toEqual([]);

    const refusals: [unknown, (string | number)[]][] = [
      [{ schedule: { cron: '61 * * * *' } }, ['schedule', 'cron']],
      [{ schedule: { cron: '0 6 * * *', timezone: 'Mars/Olympus' } }, ['schedule', 'cron']],
      [
        { mapping: { streams: [{ name: 'x', timestampField: 't', points: [] }] } },
        ['mapping', 'streams', 0, 'points'],
      ],
      [
        { mapping: { streams: [{ ...mapping.streams[0], points: [{ valueField: 'Amount' }] }] } },
        ['mapping', 'streams', 0, 'points', 0],
      ],
    ];
    for (const [json, path] of refusals) {
      const refused = await server.call('PATCH', `/v1/data-sources/${created.id}`, {
        token: admin(server.tenantA),
        json,
      });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect((refused.body as { error: { issues: { path: unknown[] }[] } }).error.issues[0]?.path).toEqual(
        path,
      );
    }
    const unchanged = await server.call('GET', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
    });
    expect(unchanged.body).toMatchObject({ schedule: null, mapping: null });
  });

  it("refuses a sealed secret copied into another tenant's row (or another data source of the same tenant)", async () => {
    const victim = await create(server.tenantA, 'victim');
    const attackerB = await create(server.tenantB, 'attacker', {
      baseUrl: 'https://evil.test',
      apiKey: 'attacker-own-key',
    });
    const sameTenant = await create(server.tenantA, 'sibling', {
      baseUrl: 'https://api.example.test',
      apiKey: 'sibling-own-key',
    });
    const stolen = (await storedRow(server.tenantA, victim.id)).secrets;
    // Someone with write access to the table (not the API) copies the victim's ciphertexts into other rows.
    for (const [tenant, id] of [
      [server.tenantB, attackerB.id],
      [server.tenantA, sameTenant.id],
    ] as const) {
      await withTenant(server.database.app.db, tenant, (trx) =>
        trx
          .updateTable('data_sources')
          .set({ secrets: JSON.stringify(stolen) })
          .where('id', '=', id)
          .execute(),
      );
      const failure = await withTenant(server.database.app.db, tenant, (trx) =>
        readDataSourceConfig(trx, keyring, tenant, id),
      ).catch((error: unknown) => error);
      expect(DyocenseError.isInstance(failure)).toBe(true);
      expect((failure as DyocenseError).code).toBe('internal');
      expect(((failure as DyocenseError).cause as DyocenseError).details.reason).toBe('tampered');
    }
    // Through the API the copied row answers 500 without detail, and never the victim's key.
    const patched = await server.call('PATCH', `/v1/data-sources/${attackerB.id}`, {
      token: admin(server.tenantB),
      json: { config: { region: 'us' } },
    });
    expect(patched.status).toBe(500);
    expect(JSON.stringify(patched.body)).not.toContain(apiKey);
  });

  it('refuses secrets when the server has no key, and still serves sources without them', async () => {
    const keyless = await startTestServer(createDatabase, { connectors });
    try {
      const answer = await keyless.call('POST', '/v1/data-sources', {
        token: keyless.token(keyless.tenantA, 'admin'),
        json: { connectorId: 'test-api', name: 'x', config: { baseUrl: 'https://a.test', apiKey } },
      });
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
      expect((answer.body as { error: { message: string } }).error.message).toContain('DYOCENSE_SECRET_KEY');
      const plain = await keyless.call('POST', '/v1/data-sources', {
        token: keyless.token(keyless.tenantA, 'admin'),
        json: {
          connectorId: 'file-upload',
          name: 'sales.csv',
          config: { text: 'date,sales\n2024-01-01,5\n' },
        },
      });
      expect(plain.status).toBe(201);
    } finally {
      await keyless.close();
    }
  });

  it('records creation, change and deletion in the audit log with actor and target, never secret values', async () => {
    const created = await create(server.tenantA, 'audited');
    await server.call('PATCH', `/v1/data-sources/${created.id}`, {
      token: admin(server.tenantA),
      json: { config: { apiKey: 'rotated-api-key-value' } },
    });
    await server.call('DELETE', `/v1/data-sources/${created.id}`, { token: admin(server.tenantA) });
    const log = await server.call('GET', '/v1/audit-log?limit=1000', { token: admin(server.tenantA) });
    const entries = (
      log.body as { entries: { action: string; targetType: string; targetId: string; detail: unknown }[] }
    ).entries.filter((entry) => entry.targetId === created.id);
    expect(entries.map((entry) => entry.action)).toEqual([
      'data_sources.delete',
      'data_sources.update',
      'data_sources.create',
    ]);
    for (const entry of entries) {
      expect(entry.targetType).toBe('data_source');
      expect(entry.detail).toMatchObject({ subject: 'admin@test' });
    }
    expect(entries[1]?.detail).toMatchObject({ changedFields: ['apiKey'] });
    const text = JSON.stringify(log.body);
    for (const secret of [apiKey, accessToken, refreshToken, 'rotated-api-key-value'])
      expect(text).not.toContain(secret);
  });
});
