import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDatabase, withTenant } from '@dyocense/core/db';
import { createTenant, tokenFingerprint } from '@dyocense/example-server';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

describe('dyocense token with a database (PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-token-audit-'));
  const dataDirectory = join(directory, 'db');
  const run = cliRunner(directory);
  const saved = { secret: process.env.DYOCENSE_JWT_SECRET, url: process.env.DATABASE_URL };
  afterAll(() => {
    if (saved.secret === undefined) delete process.env.DYOCENSE_JWT_SECRET;
    else process.env.DYOCENSE_JWT_SECRET = saved.secret;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(directory, { recursive: true, force: true });
  });

  it('records the minting in the tenant audit log and refuses an unknown tenant', {
    timeout: 180_000,
  }, async () => {
    delete process.env.DATABASE_URL;
    process.env.DYOCENSE_JWT_SECRET = 'cli-test-secret-of-at-least-32-bytes!!';
    mkdirSync(dataDirectory, { recursive: true });
    const setup = await openPgliteDatabase({ dataDirectory });
    const tenantId = await createTenant(setup.db, { name: 'Bakery' }).then((tenant) => tenant.id);
    await setup.close();

    const minted = await run(
      'token',
      '--tenant',
      tenantId,
      '--role',
      'admin',
      '--sub',
      'ops@bakery',
      '--data-dir',
      dataDirectory,
    );
    expect(minted.stderr).toBe('');
    expect(minted.code).toBe(0);
    const token = minted.stdout.trim();

    const unknown = await run(
      'token',
      '--tenant',
      '00000000-0000-4000-8000-000000000000',
      '--data-dir',
      dataDirectory,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/error\[not_found\]: No tenant/);

    const check = await openPgliteDatabase({ dataDirectory });
    try {
      const rows = await withTenant(check.db, tenantId, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['action', 'target_type', 'target_id', 'detail'])
          .where('action', '=', 'tokens.mint')
          .execute(),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'tokens.mint',
        target_type: 'token',
        target_id: tokenFingerprint(token),
        detail: {
          subject: 'dyocense token',
          tokenSubject: 'ops@bakery',
          role: 'admin',
          audience: 'dyocense-api',
        },
      });
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      await check.close();
    }
  });
});
