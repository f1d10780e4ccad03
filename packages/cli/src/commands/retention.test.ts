import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertMetricPoints, openPgliteDatabase, readArchiveFile, withTenant } from '@dyocense/core/db';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

describe('dyocense retention apply (PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-retention-'));
  const run = cliRunner(directory);
  const previous = { url: process.env.DATABASE_URL, archive: process.env.DYOCENSE_ARCHIVE_DIR };
  delete process.env.DATABASE_URL;
  delete process.env.DYOCENSE_ARCHIVE_DIR;
  afterAll(() => {
    if (previous.url !== undefined) process.env.DATABASE_URL = previous.url;
    if (previous.archive !== undefined) process.env.DYOCENSE_ARCHIVE_DIR = previous.archive;
    rmSync(directory, { recursive: true, force: true });
  });

  // Two PGlite opens on disk: ~10 s on a quiet 2-core machine, several times that under load.
  it('archives the points past the policy beside the PGlite data and prints the report', {
    timeout: 180_000,
  }, async () => {
    const tenant = randomUUID();
    const dataDirectory = join(directory, '.dyocense/pglite');
    const database = await openPgliteDatabase({ dataDirectory });
    try {
      await withTenant(database.db, tenant, async (trx) => {
        await trx.insertInto('tenants').values({ id: tenant, name: 'Bakery' }).execute();
        await trx.insertInto('retention_policies').values({ tenant_id: tenant, raw_days: 30 }).execute();
        // One point a day for the last 100 days: with 30 days kept, every month before last month's goes.
        const today = Date.UTC(
          new Date().getUTCFullYear(),
          new Date().getUTCMonth(),
          new Date().getUTCDate(),
        );
        const points = Array.from({ length: 100 }, (_, day) => ({
          metric: 'orders',
          ts: new Date(today - day * 86_400_000),
          value: day,
        }));
        await insertMetricPoints(trx, tenant, points);
      });
    } finally {
      await database.close();
    }

    const { code, stdout, stderr } = await run('retention', 'apply', '--tenant', tenant);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout)[tenant] as {
      rawDays: number;
      cutoff: string;
      archived: { metric: string; path: string; rows: number; deleted: number }[];
    };
    expect(report.rawDays).toBe(30);
    const cutoff = Date.parse(report.cutoff);
    expect(report.archived.length).toBeGreaterThanOrEqual(2);
    let archivedRows = 0;
    for (const month of report.archived) {
      expect(month.path.startsWith(join(directory, '.dyocense/archive', tenant))).toBe(true);
      const points = await readArchiveFile(month.path);
      expect(points).toHaveLength(month.rows);
      expect(points.every((point) => Number(point.tsMicros / 1000n) < cutoff)).toBe(true);
      archivedRows += month.rows;
    }

    const reopened = await openPgliteDatabase({ dataDirectory });
    try {
      const left = await withTenant(reopened.db, tenant, (trx) =>
        trx.selectFrom('metric_points').select(['ts']).execute(),
      );
      expect(left.length + archivedRows).toBe(100);
      expect(left.every((row) => row.ts.getTime() >= cutoff)).toBe(true);
    } finally {
      await reopened.close();
    }
    expect(existsSync(join(directory, '.dyocense/archive', tenant))).toBe(true);
  });

  it.each([
    ['no subcommand', [], /expected "apply", got nothing/],
    ['no tenant', ['apply'], /--tenant ID\[,ID\.\.\.\] is required/],
    ['a tenant that is not a UUID', ['apply', '--tenant', 'bakery'], /tenant id/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const { code, stderr, stdout } = await run('retention', ...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error\[invalid_input\]/);
    expect(stderr).toMatch(message);
  });
});
