import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDatabase, withTenant } from '@dyocense/core/db';
import { createSecretKeyring, decryptSecret, encryptSecret, secretKeyIdOf } from '@dyocense/core/secrets';
import { createTenant } from '@dyocense/example-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('hex');

describe('dyocense secrets rotate (PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-secrets-'));
  const run = cliRunner(directory);
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    DYOCENSE_SECRET_KEYS: process.env.DYOCENSE_SECRET_KEYS,
    DYOCENSE_SECRET_KEY: process.env.DYOCENSE_SECRET_KEY,
  };
  delete process.env.DATABASE_URL;
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved.DATABASE_URL !== undefined) process.env.DATABASE_URL = saved.DATABASE_URL;
    rmSync(directory, { recursive: true, force: true });
  });

  it('re-seals stored secrets under the first key of DYOCENSE_SECRET_KEYS', {
    timeout: 180_000,
  }, async () => {
    const dataDirectory = join(directory, '.dyocense/pglite');
    mkdirSync(dataDirectory, { recursive: true });
    const setup = await openPgliteDatabase({ dataDirectory });
    const sourceId = randomUUID();
    let tenantId: string;
    try {
      tenantId = (await createTenant(setup.db, { name: 'Bakery' })).id;
      const sealed = encryptSecret(createSecretKeyring([oldKey]), JSON.stringify('sk_live_bakery'), {
        tenantId,
        objectId: sourceId,
        field: 'apiKey',
      });
      await withTenant(setup.db, tenantId, (trx) =>
        trx
          .insertInto('data_sources')
          .values({
            tenant_id: tenantId,
            id: sourceId,
            connector_id: 'test-api',
            name: 'crm',
            config: '{}',
            secrets: JSON.stringify({ apiKey: sealed }),
          })
          .execute(),
      );
    } finally {
      await setup.close();
    }

    process.env.DYOCENSE_SECRET_KEYS = `${newKey},${oldKey}`;
    const { code, stdout, stderr } = await run('secrets', 'rotate');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const newId = createSecretKeyring([newKey]).current.id;
    expect(JSON.parse(stdout)).toEqual({ keyId: newId, tenants: 1, dataSources: 1, secrets: 1 });

    const check = await openPgliteDatabase({ dataDirectory });
    try {
      const row = await withTenant(check.db, tenantId, (trx) =>
        trx.selectFrom('data_sources').select('secrets').where('id', '=', sourceId).executeTakeFirstOrThrow(),
      );
      const sealed = row.secrets.apiKey as string;
      expect(secretKeyIdOf(sealed)).toBe(newId);
      expect(
        decryptSecret(createSecretKeyring([newKey]), sealed, {
          tenantId,
          objectId: sourceId,
          field: 'apiKey',
        }),
      ).toBe('"sk_live_bakery"');
    } finally {
      await check.close();
    }
  });

  it('refuses to run without DYOCENSE_SECRET_KEYS, or with a malformed key', async () => {
    delete process.env.DYOCENSE_SECRET_KEYS;
    delete process.env.DYOCENSE_SECRET_KEY;
    const missing = await run('secrets', 'rotate');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /error\[invalid_input\]: dyocense secrets rotate: set DYOCENSE_SECRET_KEYS/,
    );

    process.env.DYOCENSE_SECRET_KEYS = 'too-short';
    const malformed = await run('secrets', 'rotate');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/32 bytes/);
    expect(malformed.stderr).not.toContain('too-short');

    const wrongVerb = await run('secrets', 'list');
    expect(wrongVerb).toMatchObject({ code: 2 });
    expect(wrongVerb.stderr).toMatch(/expected "rotate", got "list"/);
  });
});
