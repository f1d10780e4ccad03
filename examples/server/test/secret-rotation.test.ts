import { randomBytes } from 'node:crypto';
import { withTenant } from '@dyocense/core/db';
import { createSecretKeyring, decryptSecret, secretKeyIdOf } from '@dyocense/core/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultConnectors,
  readDataSourceConfig,
  rotateDataSourceSecrets,
  type ServerConnector,
} from '../src/index.js';
import { engines, startTestServer, type TestServer } from './harness.js';
import { secretConnector } from './support/secret-connector.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const oldRing = createSecretKeyring([oldKey]);
const rotatedRing = createSecretKeyring([newKey, oldKey]);
const newOnlyRing = createSecretKeyring([newKey]);
const connectors = [...defaultConnectors(), secretConnector as unknown as ServerConnector];

describe.each(engines)('secret key rotation (%s)', (_engine, createDatabase) => {
  let server: TestServer;
  const sources: { tenant: string; id: string; apiKey: string }[] = [];

  async function sealedOf(tenant: string, id: string): Promise<Record<string, string>> {
    const row = await withTenant(server.database.app.db, tenant, (trx) =>
      trx.selectFrom('data_sources').select('secrets').where('id', '=', id).executeTakeFirstOrThrow(),
    );
    return row.secrets;
  }

  beforeAll(async () => {
    server = await startTestServer(createDatabase, { secretKeys: oldRing, connectors });
    for (const tenant of [server.tenantA, server.tenantA, server.tenantB]) {
      const apiKey = `key-${randomBytes(8).toString('hex')}`;
      const answer = await server.call('POST', '/v1/data-sources', {
        token: server.token(tenant, 'admin'),
        json: {
          connectorId: 'test-api',
          name: `source ${sources.length}`,
          config: {
            baseUrl: 'https://api.example.test',
            apiKey,
            oauth: { accessToken: 'a', refreshToken: 'r' },
          },
        },
      });
      expect(answer.status).toBe(201);
      sources.push({ tenant, id: (answer.body as { id: string }).id, apiKey });
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('re-seals every secret of every tenant under the newest key, one audited transaction per tenant', async () => {
    const report = await rotateDataSourceSecrets(server.database.owner, rotatedRing);
    expect(report).toEqual({ keyId: newOnlyRing.current.id, tenants: 2, dataSources: 3, secrets: 6 });

    for (const source of sources) {
      const sealed = await sealedOf(source.tenant, source.id);
      expect(Object.values(sealed).map(secretKeyIdOf)).toEqual([
        newOnlyRing.current.id,
        newOnlyRing.current.id,
      ]);
      // The old key is no longer needed.
      const opened = await withTenant(server.database.app.db, source.tenant, (trx) =>
        readDataSourceConfig(trx, newOnlyRing, source.tenant, source.id),
      );
      expect(opened.config.apiKey).toBe(source.apiKey);
      // Still bound to its tenant, data source and field.
      expect(() =>
        decryptSecret(newOnlyRing, sealed.apiKey as string, {
          tenantId: source.tenant === server.tenantA ? server.tenantB : server.tenantA,
          objectId: source.id,
          field: 'apiKey',
        }),
      ).toThrow(/does not authenticate/);
    }

    for (const [tenant, count] of [
      [server.tenantA, 2],
      [server.tenantB, 1],
    ] as const) {
      const log = await server.call('GET', '/v1/audit-log', { token: server.token(tenant, 'admin') });
      const rotations = (log.body as { entries: { action: string; detail: unknown }[] }).entries.filter(
        (entry) => entry.action === 'secrets.rotate',
      );
      expect(rotations).toHaveLength(1);
      expect(rotations[0]?.detail).toMatchObject({
        subject: 'dyocense secrets rotate',
        keyId: newOnlyRing.current.id,
        dataSources: count,
        secrets: count * 2,
      });
    }
  });

  it('rewrites nothing on a second run', async () => {
    const before = await sealedOf(sources[0]?.tenant ?? '', sources[0]?.id ?? '');
    const report = await rotateDataSourceSecrets(server.database.owner, rotatedRing);
    expect(report).toMatchObject({ tenants: 2, dataSources: 0, secrets: 0 });
    expect(await sealedOf(sources[0]?.tenant ?? '', sources[0]?.id ?? '')).toEqual(before);
  });

  it('rolls a tenant back whole when one of its secrets does not open, and names the cause', async () => {
    const [first, second] = sources;
    if (first === undefined || second === undefined) throw new Error('setup');
    // Corrupt the second data source of tenant A (a ciphertext of the first one, bound to another row).
    const stolen = await sealedOf(first.tenant, first.id);
    await withTenant(server.database.app.db, second.tenant, (trx) =>
      trx
        .updateTable('data_sources')
        .set({ secrets: JSON.stringify(stolen) })
        .where('id', '=', second.id)
        .execute(),
    );
    const before = await sealedOf(first.tenant, first.id);
    const newest = createSecretKeyring([randomBytes(32), newKey]);
    await expect(rotateDataSourceSecrets(server.database.owner, newest)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { reason: 'tampered' },
    });
    // The first source of the same tenant was not rotated either: one transaction per tenant.
    expect(await sealedOf(first.tenant, first.id)).toEqual(before);
  });
});

describe('secret key rotation on PostgreSQL as the API login role', () => {
  it('is refused: listing every tenant needs the owner', async () => {
    const database = await engines[1]?.[1]();
    if (database === undefined) throw new Error('no engine');
    try {
      await expect(rotateDataSourceSecrets(database.app.db, rotatedRing)).rejects.toMatchObject({
        code: 'forbidden',
      });
    } finally {
      await database.close();
    }
  });
});
