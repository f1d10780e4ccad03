import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDatabase, withTenant } from '@dyocense/core/db';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

describe('dyocense tenant create (PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-tenant-'));
  const run = cliRunner(directory);
  const previous = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  afterAll(() => {
    if (previous !== undefined) process.env.DATABASE_URL = previous;
    rmSync(directory, { recursive: true, force: true });
  });

  // Three PGlite opens on disk: ~15 s on a quiet 2-core machine, several times that under load.
  it('creates the tenant with its audit entry and prints its id as JSON', { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await run('tenant', 'create', '--name', '  Corner Bakery  ');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { id: string; name: string; createdAt: string };
    expect(printed.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(printed.name).toBe('Corner Bakery');
    expect(Number.isNaN(Date.parse(printed.createdAt))).toBe(false);

    const second = JSON.parse((await run('tenant', 'create', '--name', 'Corner Bakery')).stdout);
    expect(second.id).not.toBe(printed.id);

    const database = await openPgliteDatabase({ dataDirectory: join(directory, '.dyocense/pglite') });
    try {
      const stored = await withTenant(database.db, printed.id, async (trx) => ({
        tenants: await trx.selectFrom('tenants').select(['id', 'name']).execute(),
        audit: await trx.selectFrom('audit_log').select(['action', 'target_type', 'target_id']).execute(),
      }));
      expect(stored).toEqual({
        tenants: [{ id: printed.id, name: 'Corner Bakery' }],
        audit: [{ action: 'tenants.create', target_type: 'tenant', target_id: printed.id }],
      });
    } finally {
      await database.close();
    }
  });

  it.each([
    ['an empty name', ['create', '--name', '   '], /--name must not be empty/],
    ['a name over 200 characters', ['create', '--name', 'x'.repeat(201)], /at most 200 characters/],
    ['a control character', ['create', '--name', 'a\u0007b'], /control characters/],
    ['no name', ['create'], /--name NAME is required/],
    ['no subcommand', [], /expected "create", got nothing/],
    ['another subcommand', ['delete', '--name', 'x'], /expected "create", got "delete"/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const { code, stderr, stdout } = await run('tenant', ...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error\[invalid_input\]: dyocense tenant/);
    expect(stderr).toMatch(message);
  });
});
