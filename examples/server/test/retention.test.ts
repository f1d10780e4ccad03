import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyRetention,
  type DyocenseSchema,
  type RetentionReport,
  readArchiveFile,
  readMetricSeries,
  tenantArchiveDirectory,
  withTenant,
} from '@dyocense/core/db';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetentionTick } from '../src/retention-job.js';
import { addDays, engines, ingest, type PointInput, startTestServer, type TestServer } from './harness.js';

const firstDay = '2023-01-01';
const days = 1096; // 2023-01-01 .. 2025-12-31: three years of daily points
const now = new Date('2026-01-15T00:00:00Z'); // with 365 days kept, the cutoff is 2025-01-01
const cutoff = '2025-01-01T00:00:00.000Z';

/** Daily points of two shops; values are multiples of 1/4 so every sum is exact in any order. */
function dailyPoints(offset: number): PointInput[] {
  const points: PointInput[] = [];
  for (let day = 0; day < days; day += 1) {
    for (const [index, shop] of ['north', 'south'].entries()) {
      points.push({
        metric: 'revenue',
        ts: `${addDays(firstDay, day)}T${index === 0 ? '09' : '17'}:00:00Z`,
        value: ((day * 7 + index * 13 + offset) % 401) / 4,
        dimensions: { shop },
      });
    }
  }
  return points;
}

async function csv(server: TestServer, tenant: string, query: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/metrics/revenue.csv${query}`, {
    headers: { authorization: `Bearer ${server.token(tenant, 'viewer')}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

async function read(server: TestServer, tenant: string, query: string): Promise<unknown> {
  const answer = await server.call('GET', `/v1/metrics/revenue${query}`, {
    token: server.token(tenant, 'viewer'),
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Every read the tests compare before and after archiving: raw (points) reads, rollup reads and CSV exports. */
async function snapshotReads(server: TestServer, tenant: string): Promise<Record<string, unknown>> {
  const list = await server.call('GET', '/v1/metrics', { token: server.token(tenant, 'viewer') });
  return {
    metricList: list.body,
    hoursAcrossCutoff: await read(server, tenant, '?grain=hour&from=2024-12-20&to=2025-01-10'),
    hoursArchived: await read(server, tenant, '?grain=hour&from=2023-03-01&to=2023-03-08&aggregation=max'),
    weeksUnaligned: await read(
      server,
      tenant,
      '?grain=week&from=2024-11-15T06:00:00Z&to=2025-02-01&aggregation=avg',
    ),
    monthsUnalignedCount: await read(
      server,
      tenant,
      '?grain=month&from=2022-12-31T23:00:00Z&aggregation=count',
    ),
    daysFromRollups: await read(server, tenant, '?grain=day&from=2023-01-01&to=2026-01-01'),
    monthsFromRollups: await read(server, tenant, '?grain=month&aggregation=min'),
    csvAll: await csv(server, tenant, ''),
    csvArchivedRange: await csv(server, tenant, '?from=2023-02-10T12:00:00Z&to=2023-04-05'),
    csvAcrossCutoff: await csv(server, tenant, '?from=2024-12-31&to=2025-01-02'),
  };
}

async function pointCounts(
  db: Kysely<DyocenseSchema>,
  tenant: string,
): Promise<{ old: number; kept: number }> {
  return withTenant(db, tenant, async (trx) => {
    const { rows } = await sql<{ old: string; kept: string }>`
      select count(*) filter (where ts < ${cutoff}::timestamptz) as old,
        count(*) filter (where ts >= ${cutoff}::timestamptz) as kept
      from metric_points where tenant_id = ${tenant}::uuid`.execute(trx);
    return { old: Number(rows[0]?.old), kept: Number(rows[0]?.kept) };
  });
}

async function rollups(db: Kysely<DyocenseSchema>, tenant: string): Promise<unknown[]> {
  return withTenant(db, tenant, async (trx) => {
    const all: unknown[] = [];
    for (const grain of ['day', 'week', 'month'] as const) {
      const { rows } = await sql`
        select metric, bucket, point_count, value_sum, value_min, value_max from ${sql.table(`metric_rollups_${grain}`)}
        order by metric, bucket`.execute(trx);
      all.push(...rows.map((row) => ({ grain, ...(row as object) })));
    }
    return all;
  });
}

async function archivedRanges(db: Kysely<DyocenseSchema>, tenant: string) {
  return withTenant(db, tenant, async (trx) => {
    const { rows } = await sql<{
      metric: string;
      month: string;
      file_path: string;
      rows: number;
      checksum: string;
    }>`
      select metric, to_char(month, 'YYYY-MM') as month, file_path, rows, checksum from archived_ranges
      order by metric, month`.execute(trx);
    return rows;
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe.each(engines)('retention on %s', (_name, createDatabase) => {
  let server: TestServer;
  let db: Kysely<DyocenseSchema>;
  let archive: string;
  let before: Record<string, unknown>;
  let beforeB: Record<string, unknown>;
  let rollupsBefore: unknown[];

  beforeAll(async () => {
    archive = await mkdtemp(join(tmpdir(), 'dyocense-archive-'));
    server = await startTestServer(createDatabase);
    db = server.database.app.db;
    await ingest(server, server.tenantA, dailyPoints(0));
    await ingest(server, server.tenantB, dailyPoints(5));
    before = await snapshotReads(server, server.tenantA);
    beforeB = await snapshotReads(server, server.tenantB);
    rollupsBefore = await rollups(db, server.tenantA);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(archive, { recursive: true, force: true });
  });

  it('sets the policy through the API: admins only, validated, audited', async () => {
    const path = '/v1/retention-policy';
    expect((await server.call('GET', path, { token: server.token(server.tenantA, 'viewer') })).body).toEqual({
      rawDays: null,
      updatedAt: null,
    });
    const refused = await server.call('PUT', path, {
      token: server.token(server.tenantA, 'analyst'),
      json: { rawDays: 365 },
    });
    expect(refused.status).toBe(403);
    const invalid = await server.call('PUT', path, {
      token: server.token(server.tenantA, 'admin'),
      json: { rawDays: 0 },
    });
    expect(invalid.status).toBe(400);
    const set = await server.call('PUT', path, {
      token: server.token(server.tenantA, 'admin'),
      json: { rawDays: 365 },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ rawDays: 365 });
    const got = await server.call('GET', path, { token: server.token(server.tenantA, 'viewer') });
    expect(got.body).toEqual(set.body);
    // Tenant B still has no policy: the row is A's alone.
    expect(
      (await server.call('GET', path, { token: server.token(server.tenantB, 'viewer') })).body,
    ).toMatchObject({
      rawDays: null,
    });
    const auditLog = await server.call('GET', '/v1/audit-log', {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(JSON.stringify(auditLog.body)).toContain('retention.policy.set');
  });

  it('archives two years of raw points to verified Parquet files, keeps rollups, and reads them back unchanged', async () => {
    expect(await pointCounts(db, server.tenantA)).toEqual({ old: 731 * 2, kept: 365 * 2 });
    const report = await applyRetention(db, server.tenantA, { archiveDirectory: archive, now });
    expect(report.rawDays).toBe(365);
    expect(report.cutoff?.toISOString()).toBe(cutoff);
    expect(report.archived).toHaveLength(24);
    expect(report.archived.reduce((total, month) => total + month.deleted, 0)).toBe(731 * 2);

    expect(await pointCounts(db, server.tenantA)).toEqual({ old: 0, kept: 365 * 2 });
    expect(await pointCounts(db, server.tenantB)).toEqual({ old: 731 * 2, kept: 365 * 2 });

    const ranges = await archivedRanges(db, server.tenantA);
    expect(ranges.map((range) => range.month)).toEqual(report.archived.map((month) => month.month));
    expect(ranges[0]?.month).toBe('2023-01');
    expect(ranges.at(-1)?.month).toBe('2024-12');
    for (const range of ranges) {
      const [year, month] = range.month.split('-').map(Number) as [number, number];
      const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const points = await readArchiveFile(range.file_path);
      expect(points).toHaveLength(daysInMonth * 2);
      expect(range.rows).toBe(daysInMonth * 2);
      expect(range.file_path.startsWith(tenantArchiveDirectory(archive, server.tenantA))).toBe(true);
    }
    const february2024 = await readArchiveFile(
      ranges.find((range) => range.month === '2024-02')?.file_path ?? '',
    );
    // 2024-02-01 is day 396 of the series: north at 09:00 with ((396 * 7) % 401) / 4.
    expect(february2024[0]).toEqual({
      tsMicros: BigInt(Date.parse('2024-02-01T09:00:00Z')) * 1000n,
      seriesKey: '{"shop":"north"}',
      value: ((396 * 7) % 401) / 4,
      dimensions: '{"shop": "north"}',
    });

    expect(await rollups(db, server.tenantA)).toEqual(rollupsBefore);
    const after = await snapshotReads(server, server.tenantA);
    expect(after).toEqual(before);
    // Byte for byte, not just equal once parsed.
    expect(after.csvAll).toBe(before.csvAll);
    expect((before.csvAll as string).split('\r\n')).toHaveLength(1 + days * 2 + 1);
    expect(await snapshotReads(server, server.tenantB)).toEqual(beforeB);
  });

  it('reads archived months inside a caller transaction too', async () => {
    const buckets = await withTenant(db, server.tenantA, (trx) =>
      readMetricSeries(trx, server.tenantA, {
        metric: 'revenue',
        grain: 'hour',
        from: '2023-03-01',
        to: '2023-03-08',
        aggregation: 'max',
      }),
    );
    expect(buckets).toHaveLength(14);
    expect(buckets.map((bucket) => ({ ts: bucket.ts.toISOString(), value: bucket.value }))).toEqual(
      (before.hoursArchived as { points: unknown[] }).points,
    );
  });

  it('is idempotent: a second run archives nothing and changes no file', async () => {
    const ranges = await archivedRanges(db, server.tenantA);
    const files = await readdir(tenantArchiveDirectory(archive, server.tenantA), { recursive: true });
    const report = await applyRetention(db, server.tenantA, { archiveDirectory: archive, now });
    expect(report.archived).toEqual([]);
    expect(await archivedRanges(db, server.tenantA)).toEqual(ranges);
    expect(await readdir(tenantArchiveDirectory(archive, server.tenantA), { recursive: true })).toEqual(
      files,
    );
    expect(await snapshotReads(server, server.tenantA)).toEqual(before);
  });

  it('refuses points of an archived month (409 naming metric and months) and still takes other months', async () => {
    const ingestAnswer = (points: PointInput[]) =>
      server.call('POST', '/v1/metrics', {
        token: server.token(server.tenantA, 'analyst'),
        json: { points },
      });
    const late = { metric: 'revenue', ts: '2023-03-05T12:00:00Z', value: 1000, dimensions: { shop: 'west' } };
    // A point re-sent as it was archived would count twice in the rollups, which keep the archived points.
    const resent = {
      metric: 'revenue',
      ts: '2023-03-05T09:00:00Z',
      value: ((63 * 7) % 401) / 4,
      dimensions: { shop: 'north' },
    };
    const kept = { metric: 'revenue', ts: '2025-06-01T12:00:00Z', value: 7, dimensions: { shop: 'west' } };
    for (const points of [[late], [resent], [kept, resent]]) {
      const refused = await ingestAnswer(points);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        error: {
          code: 'conflict',
          message: expect.stringContaining('revenue 2023-03 archived by retention'),
        },
      });
    }
    const months = await ingestAnswer([late, { ...late, ts: '2024-12-31T23:00:00Z' }, kept]);
    expect(months.status).toBe(409);
    expect((months.body as { error: { message: string } }).error.message).toContain(
      'revenue 2023-03, revenue 2024-12 archived by retention',
    );
    // Nothing of the refused requests was stored (not even their points of kept months), rollups untouched.
    expect(await pointCounts(db, server.tenantA)).toEqual({ old: 0, kept: 730 });
    expect(await rollups(db, server.tenantA)).toEqual(rollupsBefore);
    expect(await snapshotReads(server, server.tenantA)).toEqual(before);

    // Another metric's point in an archived month of `revenue`, and a kept month of `revenue`: both stored.
    const accepted = await ingestAnswer([kept, { ...late, metric: 'orders' }]);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(await pointCounts(db, server.tenantA)).toEqual({ old: 1, kept: 731 });
    // The next run archives the new month of `orders` alone; the archived months of `revenue` stay as they were.
    const ranges = await archivedRanges(db, server.tenantA);
    const report = await applyRetention(db, server.tenantA, { archiveDirectory: archive, now });
    expect(report.archived).toEqual([
      expect.objectContaining({ metric: 'orders', month: '2023-03', rows: 1, deleted: 1 }),
    ]);
    const after = await archivedRanges(db, server.tenantA);
    expect(after.filter((range) => range.metric === 'revenue')).toEqual(ranges);
    expect(await pointCounts(db, server.tenantA)).toEqual({ old: 0, kept: 731 });
    // And `orders` of March 2023 is archived now too.
    const refusedOrders = await ingestAnswer([{ ...late, metric: 'orders', value: 2 }]);
    expect(refusedOrders.status).toBe(409);
    expect(JSON.stringify(refusedOrders.body)).toContain('orders 2023-03 archived by retention');
  });

  it('deletes nothing when the archive cannot be written', async () => {
    await withTenant(db, server.tenantB, (trx) =>
      trx.insertInto('retention_policies').values({ tenant_id: server.tenantB, raw_days: 365 }).execute(),
    );
    // A regular file where a directory should be: mkdir fails even for root, which ignores permission bits.
    const blocker = join(archive, 'blocker');
    await writeFile(blocker, 'not a directory');
    const failed = applyRetention(db, server.tenantB, { archiveDirectory: join(blocker, 'archive'), now });
    await expect(failed).rejects.toMatchObject({ code: 'internal' });
    expect(await pointCounts(db, server.tenantB)).toEqual({ old: 731 * 2, kept: 365 * 2 });
    expect(await archivedRanges(db, server.tenantB)).toEqual([]);
    expect(await snapshotReads(server, server.tenantB)).toEqual(beforeB);

    // The daily job finds both tenants with a policy (the app role cannot list them in retention_policies),
    // records the failure per tenant and still runs the others.
    const run = await runRetentionTick(db, { archiveDirectory: join(blocker, 'archive'), now });
    expect(Object.keys(run).sort()).toEqual([server.tenantA, server.tenantB].sort());
    expect(run[server.tenantA]).toEqual({ report: expect.objectContaining({ archived: [] }) });
    expect(run[server.tenantB]).toEqual({ error: expect.objectContaining({ code: 'internal' }) });
  });

  it("keeps tenants apart: B's archive is its own, and erasing A removes only A's files", async () => {
    // The daily job's run: B's two old years are archived; A has nothing left to archive.
    const run = await runRetentionTick(db, { archiveDirectory: archive, now });
    expect(run[server.tenantA]).toEqual({ report: expect.objectContaining({ archived: [] }) });
    const report = (run[server.tenantB] as { report: RetentionReport }).report;
    expect(report.archived).toHaveLength(24);
    const rangesB = await archivedRanges(db, server.tenantB);
    expect(
      rangesB.every((range) => range.file_path.startsWith(tenantArchiveDirectory(archive, server.tenantB))),
    ).toBe(true);
    // Row-level security: A sees none of B's catalogue and B none of A's.
    const rangesA = await archivedRanges(db, server.tenantA);
    expect(rangesA.some((range) => rangesB.some((other) => other.file_path === range.file_path))).toBe(false);
    expect(await snapshotReads(server, server.tenantB)).toEqual(beforeB);

    const answer = await server.call('DELETE', `/v1/tenant?confirm=${server.tenantA}`, {
      token: server.token(server.tenantA, 'admin'),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ deleted: { archived_ranges: 25, retention_policies: 1 } });
    expect(await exists(tenantArchiveDirectory(archive, server.tenantA))).toBe(false);
    for (const range of rangesB) expect(await exists(range.file_path)).toBe(true);
    expect(await snapshotReads(server, server.tenantB)).toEqual(beforeB);
    // The erased tenant left the job's list with its policy; B's policy removed through the API leaves it too.
    expect(Object.keys(await runRetentionTick(db, { archiveDirectory: archive, now }))).toEqual([
      server.tenantB,
    ]);
    const removed = await server.call('PUT', '/v1/retention-policy', {
      token: server.token(server.tenantB, 'admin'),
      json: { rawDays: null },
    });
    expect(removed.status).toBe(200);
    expect(await runRetentionTick(db, { archiveDirectory: archive, now })).toEqual({});
  });
});
