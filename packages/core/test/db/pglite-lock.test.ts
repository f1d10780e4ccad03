import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase, withTenant } from '../../src/db/index.js';
import { DyocenseError } from '../../src/errors/index.js';

describe('PGlite data directory', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-pglite-'));

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a second opening while the first is open, then keeps the data across a reopen', async () => {
    const tenant = randomUUID();
    const first = await openPgliteDatabase({ dataDirectory: directory });
    try {
      await withTenant(first.db, tenant, (trx) =>
        trx.insertInto('tenants').values({ id: tenant, name: 'kept' }).execute(),
      );
      const error = await openPgliteDatabase({ dataDirectory: directory }).catch((caught: unknown) => caught);
      expect(DyocenseError.isInstance(error) && error.code).toBe('conflict');
    } finally {
      await first.close();
    }
    const second = await openPgliteDatabase({ dataDirectory: directory });
    try {
      const rows = await withTenant(second.db, tenant, (trx) =>
        trx.selectFrom('tenants').select('name').execute(),
      );
      expect(rows).toEqual([{ name: 'kept' }]);
    } finally {
      await second.close();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const stale = mkdtempSync(join(tmpdir(), 'dyocense-pglite-stale-'));
    // Past the default Linux pid_max (4194304), so no process can hold it.
    writeFileSync(join(stale, 'dyocense.lock'), '4194305');
    try {
      const database = await openPgliteDatabase({ dataDirectory: stale });
      await database.close();
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
