import { randomBytes } from 'node:crypto';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import { createSecretKeyring, decryptSecret } from '@dyocense/core/secrets';
import { createMockConnector } from '@dyocense/core/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SalesforceFixture,
  startSalesforceFixture,
} from '../../../packages/core/src/connectors/salesforce/__fixtures__/salesforce-fixture-server.js';
import type { TestDatabase } from '../../../packages/core/test/db/internal/engines.js';
import {
  defaultConnectorContext,
  defaultConnectors,
  installJobQueue,
  type ServerConnector,
} from '../src/index.js';
import { engines, startTestServer, type TestServer } from './harness.js';

const keyring = createSecretKeyring([randomBytes(32)]);
const metric = 'sf_opportunity_amount';
const opportunity = (n: number) => `006000000000${String(n).padStart(3, '0')}AAA`;

/** Opportunities become one point per deal: its amount on its close date. */
const mapping = (valueField = 'Amount') => ({
  streams: [
    {
      name: 'Opportunity',
      timestampField: 'CloseDate',
      dimensionFields: ['Id', 'StageName'],
      points: [{ valueField, metric }],
    },
  ],
});

interface SyncRun {
  id: string;
  status: string;
  rowsRead: number;
  pointsWritten: number;
  pointsDeleted: number;
  deletionsSkipped: number;
  error: string | null;
  finishedAt: string | null;
}

function salesforceConnector(): ServerConnector {
  const connector = defaultConnectors().find((candidate) => candidate.id === 'salesforce');
  if (connector === undefined) throw new Error('no salesforce connector');
  return connector;
}

describe("connector contexts from their plugins' manifests", () => {
  it('allow the Salesforce hosts the plugin declares, and no loopback unless the operator adds it', async () => {
    const signal = new AbortController().signal;
    const context = defaultConnectorContext(salesforceConnector(), signal);
    expect(context.pluginId).toBe('dyocense/salesforce');
    // Refused before any request is made, naming the manifest's hosts.
    await expect(context.fetch('http://localhost:9/services/oauth2/token')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(
        'host localhost is not in permissions.allowedHosts (declared: login.salesforce.com, test.salesforce.com, *.salesforce.com, *.force.com)',
      ),
    });
    await expect(context.fetch('https://evil.example.com/')).rejects.toMatchObject({ code: 'forbidden' });

    const drive = defaultConnectors().find((candidate) => candidate.id === 'google-drive');
    expect(drive?.plugin?.permissions.allowedHosts).toEqual(['www.googleapis.com', 'oauth2.googleapis.com']);
    await expect(
      defaultConnectorContext(drive as ServerConnector, signal).fetch('https://login.salesforce.com/'),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('www.googleapis.com') });

    // A connector no plugin ships may reach nothing.
    const bare = defaultConnectorContext(createMockConnector() as ServerConnector, signal);
    await expect(bare.fetch('https://login.salesforce.com/')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('(declared: none)'),
    });
  });
});

describe.each(engines)('Salesforce syncs through the API (%s)', (_engine, createDatabase) => {
  let server: TestServer;
  let db: Kysely<DyocenseSchema>;
  let fixture: SalesforceFixture;

  beforeAll(async () => {
    fixture = await startSalesforceFixture({ pageSize: 2 });
    const prepare = async (): Promise<TestDatabase> => {
      const database = await createDatabase();
      // PostgreSQL: the owner installs pg-boss at migrate time (PGlite: the server does it on start).
      if (database.engine === 'postgres') await installJobQueue(database.owner);
      return database;
    };
    server = await startTestServer(prepare, {
      secretKeys: keyring,
      syncJobs: {
        required: true,
        pollingIntervalSeconds: 0.5,
        // The fixture listens on loopback: the operator (here, the test) admits it; tenants cannot.
        contextFor: (connector, signal) =>
          defaultConnectorContext(connector, signal, { extraAllowedHosts: ['localhost'] }),
      },
    });
    db = server.database.app.db;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await fixture?.close();
  });

  const admin = () => server.token(server.tenantA, 'admin');

  async function createSource(
    name: string,
    target: SalesforceFixture,
    refreshToken: string,
    valueField?: string,
    options: { includeDeleted?: boolean; mapping?: unknown } = {},
  ): Promise<string> {
    const answer = await server.call('POST', '/v1/data-sources', {
      token: admin(),
      json: {
        connectorId: 'salesforce',
        name,
        config: {
          instanceUrl: target.url,
          loginUrl: target.url,
          clientId: target.clientId,
          clientSecret: target.clientSecret,
          refreshToken,
          // Off unless a test asks: `queryAll` would also return the deleted deal 6.
          includeDeleted: options.includeDeleted ?? false,
          checkpointEvery: 2,
          retryBaseDelayMs: 1,
          retryMaxDelayMs: 4,
        },
        mapping: options.mapping ?? mapping(valueField),
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return (answer.body as { id: string }).id;
  }

  async function sync(id: string): Promise<SyncRun> {
    const queued = await server.call('POST', `/v1/data-sources/${id}/sync`, { token: admin() });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const runId = (queued.body as SyncRun).id;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await server.call('GET', `/v1/sync-runs/${runId}`, { token: admin() });
      const run = answer.body as SyncRun;
      if (run.finishedAt !== null) return run;
      if (Date.now() > deadline) throw new Error(`sync did not finish: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function points(): Promise<Map<string, number>> {
    const rows = await withTenant(db, server.tenantA, (trx) =>
      trx
        .selectFrom('metric_points')
        .select(['dimensions', 'value', 'ts'])
        .where('tenant_id', '=', server.tenantA)
        .where('metric', '=', metric)
        .execute(),
    );
    return new Map(rows.map((row) => [String((row.dimensions as { Id: string }).Id), Number(row.value)]));
  }

  async function storedRefreshToken(id: string): Promise<string> {
    const row = await withTenant(db, server.tenantA, (trx) =>
      trx.selectFrom('data_sources').select('secrets').where('id', '=', id).executeTakeFirstOrThrow(),
    );
    const sealed = (row.secrets as Record<string, string>).refreshToken as string;
    return JSON.parse(
      decryptSecret(keyring, sealed, { tenantId: server.tenantA, objectId: id, field: 'refreshToken' }),
    ) as string;
  }

  const refreshTokensSent = (target: SalesforceFixture) =>
    target.requests.flatMap((request) =>
      request.kind === 'token' && request.form?.grant_type === 'refresh_token'
        ? [request.form.refresh_token]
        : [],
    );

  it('syncs opportunities into metric points, then only what changed, without duplicates', async () => {
    const id = await createSource('org', fixture, 'fixture-refresh-token-0');
    const first = await sync(id);
    expect(first).toMatchObject({ status: 'succeeded', rowsRead: 7, pointsWritten: 6, error: null });
    const stored = await points();
    // Deal 6 is deleted; deal 8 has no amount.
    expect(Object.fromEntries(stored)).toEqual({
      [opportunity(1)]: 1200,
      [opportunity(2)]: 800.5,
      [opportunity(3)]: 5000,
      [opportunity(4)]: 300,
      [opportunity(5)]: 2500,
      [opportunity(7)]: 999.99,
    });
    const runs = await server.call('GET', `/v1/sync-runs?dataSourceId=${id}`, { token: admin() });
    expect((runs.body as { runs: SyncRun[] }).runs).toMatchObject([{ id: first.id, status: 'succeeded' }]);

    // Upstream: deal 3 grows, deal 9 is new; nothing else changed.
    const records = fixture.objects.find((object) => object.name === 'Opportunity')?.records ?? [];
    const deal3 = records.find((record) => record.Id === opportunity(3));
    if (deal3 === undefined) throw new Error('no deal 3');
    Object.assign(deal3, { Amount: 6500, SystemModstamp: '2023-12-08T09:00:00.000Z' });
    records.push({
      ...deal3,
      Id: opportunity(9),
      Name: 'Deal 9',
      StageName: 'Closed Won',
      Amount: 700,
      CloseDate: '2023-12-07',
      SystemModstamp: '2023-12-07T10:00:00.000Z',
    });
    const queriesBefore = fixture.requests.filter((request) => request.kind === 'query').length;
    const second = await sync(id);
    expect(second).toMatchObject({ status: 'succeeded', rowsRead: 2, pointsWritten: 2 });
    // The second read resumed from the stored checkpoint rather than re-reading everything.
    const resumed = fixture.requests.filter((request) => request.kind === 'query').slice(queriesBefore);
    expect(resumed[0]?.soql).toContain('SystemModstamp >');
    const after = await points();
    expect(after.size).toBe(7);
    expect(after.get(opportunity(3))).toBe(6500);
    expect(after.get(opportunity(9))).toBe(700);

    const third = await sync(id);
    expect(third).toMatchObject({ status: 'succeeded', rowsRead: 0, pointsWritten: 0 });
    expect((await points()).size).toBe(7);
  });

  it('stores a rotated refresh token sealed, and the next sync refreshes with it', async () => {
    const rotating = await startSalesforceFixture({ pageSize: 2, rotateRefreshTokens: true });
    try {
      const id = await createSource('rotating org', rotating, 'fixture-refresh-token-0');
      const first = await sync(id);
      expect(first).toMatchObject({ status: 'succeeded', rowsRead: 7 });
      const rotated = await storedRefreshToken(id);
      expect(rotated).not.toBe('fixture-refresh-token-0');
      // The stored token is the one the org now accepts (the previous one was revoked).
      expect([...rotating.validRefreshTokens]).toEqual([rotated]);

      const second = await sync(id);
      expect(second).toMatchObject({ status: 'succeeded', rowsRead: 0 });
      expect(refreshTokensSent(rotating)).toEqual(['fixture-refresh-token-0', rotated]);
      expect(await storedRefreshToken(id)).toBe([...rotating.validRefreshTokens][0]);

      const audit = await withTenant(db, server.tenantA, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['action', 'detail'])
          .where('target_id', '=', id)
          .where('action', '=', 'data_sources.secret_replaced')
          .execute(),
      );
      expect(audit).toHaveLength(2);
      expect(audit[0]?.detail).toEqual({ subject: 'system:sync', field: 'refreshToken' });
    } finally {
      await rotating.close();
    }
  });

  it('keeps a token rotated by a sync that then fails and rolls back', async () => {
    const rotating = await startSalesforceFixture({ pageSize: 2, rotateRefreshTokens: true });
    try {
      // `Name` is not a number: the first record fails the sync after the token was refreshed.
      const id = await createSource('failing org', rotating, 'fixture-refresh-token-0', 'Name');
      const before = (await points()).size;
      const failed = await sync(id);
      expect(failed).toMatchObject({ status: 'failed', pointsWritten: 0 });
      expect(failed.error).toContain('Field "Name" of record 1 of stream "Opportunity" is not a number');
      expect((await points()).size).toBe(before);
      const rotated = await storedRefreshToken(id);
      expect(rotated).not.toBe('fixture-refresh-token-0');
      expect([...rotating.validRefreshTokens]).toEqual([rotated]);
    } finally {
      await rotating.close();
    }
  });
  /** Points of `metricName` in tenant A by their `Id` dimension (or series key when there is none). */
  async function pointsOf(metricName: string): Promise<Record<string, number>> {
    const rows = await withTenant(db, server.tenantA, (trx) =>
      trx
        .selectFrom('metric_points')
        .select(['series_key', 'dimensions', 'value'])
        .where('tenant_id', '=', server.tenantA)
        .where('metric', '=', metricName)
        .execute(),
    );
    return Object.fromEntries(
      rows.map((row) => [(row.dimensions as { Id?: string }).Id ?? row.series_key, Number(row.value)]),
    );
  }

  /** Rollup rows of `metricName` per grain, and the same aggregates recomputed from its stored points (sums to 6 places). */
  async function rollupsAndPoints(metricName: string) {
    return withTenant(db, server.tenantA, async (trx) => {
      const stored: Record<string, unknown[]> = {};
      const computed: Record<string, unknown[]> = {};
      for (const grain of ['day', 'week', 'month'] as const) {
        const rollups = await sql<{ bucket: string; n: number; total: number }>`
          select to_char(bucket at time zone 'UTC', 'YYYY-MM-DD') as bucket, point_count::int4 as n,
            round(value_sum::numeric, 6)::float8 as total
          from ${sql.table(`metric_rollups_${grain}`)}
          where tenant_id = ${server.tenantA}::uuid and metric = ${metricName} order by bucket`.execute(trx);
        const fromPoints = await sql<{ bucket: string; n: number; total: number }>`
          select to_char(date_trunc(${grain}, ts, 'UTC') at time zone 'UTC', 'YYYY-MM-DD') as bucket,
            count(*)::int4 as n, round(sum(value)::numeric, 6)::float8 as total
          from metric_points where tenant_id = ${server.tenantA}::uuid and metric = ${metricName}
          group by 1 order by 1`.execute(trx);
        stored[grain] = rollups.rows;
        computed[grain] = fromPoints.rows;
      }
      return { stored, computed };
    });
  }

  it('applies deleted records: their points go, in the sync transaction, and the rollups follow', async () => {
    const org = await startSalesforceFixture({ pageSize: 2 });
    try {
      const deletedMetric = 'sf_amount_with_deletions';
      const id = await createSource('org with deletions', org, 'fixture-refresh-token-0', undefined, {
        includeDeleted: true,
        mapping: {
          streams: [
            {
              name: 'Opportunity',
              timestampField: 'CloseDate',
              dimensionFields: ['Id', 'StageName'],
              recordIdField: 'Id',
              points: [{ valueField: 'Amount', metric: deletedMetric }],
            },
          ],
        },
      });
      const first = await sync(id);
      // queryAll returns deal 6 too, deleted: applied (nothing of it was stored), never written as a point.
      expect(first).toMatchObject({
        status: 'succeeded',
        rowsRead: 8,
        pointsWritten: 6,
        pointsDeleted: 0,
        deletionsSkipped: 0,
      });
      expect(await pointsOf(deletedMetric)).toEqual({
        [opportunity(1)]: 1200,
        [opportunity(2)]: 800.5,
        [opportunity(3)]: 5000,
        [opportunity(4)]: 300,
        [opportunity(5)]: 2500,
        [opportunity(7)]: 999.99,
      });
      expect((await rollupsAndPoints(deletedMetric)).stored.month).toEqual([
        { bucket: '2023-12-01', n: 4, total: 3300.49 },
        { bucket: '2024-01-01', n: 1, total: 2500 },
        { bucket: '2024-02-01', n: 1, total: 5000 },
      ]);

      // Upstream: deals 1 and 3 are deleted (3 was alone in February 2024), deal 7 changes.
      const records = org.objects.find((object) => object.name === 'Opportunity')?.records ?? [];
      const edit = (n: number, change: Record<string, unknown>) => {
        const record = records.find((candidate) => candidate.Id === opportunity(n));
        if (record === undefined) throw new Error(`no deal ${n}`);
        Object.assign(record, change);
      };
      edit(1, { IsDeleted: true, SystemModstamp: '2023-12-09T09:00:00.000Z' });
      edit(3, { IsDeleted: true, SystemModstamp: '2023-12-09T10:00:00.000Z' });
      edit(7, { Amount: 1500, SystemModstamp: '2023-12-09T11:00:00.000Z' });
      const second = await sync(id);
      expect(second).toMatchObject({
        status: 'succeeded',
        rowsRead: 3,
        pointsWritten: 1,
        pointsDeleted: 2,
        deletionsSkipped: 0,
      });
      expect(await pointsOf(deletedMetric)).toEqual({
        [opportunity(2)]: 800.5,
        [opportunity(4)]: 300,
        [opportunity(5)]: 2500,
        [opportunity(7)]: 1500,
      });
      const { stored, computed } = await rollupsAndPoints(deletedMetric);
      // Every bucket equals its points again; February 2024 (and its day and week) is gone, not left at zero.
      expect(stored).toEqual(computed);
      expect(stored.month).toEqual([
        { bucket: '2023-12-01', n: 3, total: 2600.5 },
        { bucket: '2024-01-01', n: 1, total: 2500 },
      ]);
      expect(stored.day).toContainEqual({ bucket: '2023-12-01', n: 1, total: 800.5 });

      // A deletion that fails with the rest of its attempt deletes nothing: deal 2 is deleted, then deal 4 comes
      // with no close date (the connector reads an unreadable date as null), in the same read.
      edit(2, { IsDeleted: true, SystemModstamp: '2023-12-10T09:00:00.000Z' });
      edit(4, { CloseDate: 'soon', SystemModstamp: '2023-12-10T10:00:00.000Z' });
      const failed = await sync(id);
      expect(failed).toMatchObject({ status: 'failed', pointsDeleted: 0 });
      expect(failed.error).toContain('Field "CloseDate" of record 2 of stream "Opportunity"');
      expect((await pointsOf(deletedMetric))[opportunity(2)]).toBe(800.5);
      expect((await rollupsAndPoints(deletedMetric)).stored).toEqual(stored);
    } finally {
      await org.close();
    }
  });

  it('counts deletions it cannot apply as skipped when the mapping carries no record identity', async () => {
    const org = await startSalesforceFixture({ pageSize: 2 });
    try {
      const unkeyed = 'sf_amount_by_stage';
      const id = await createSource('org without record ids', org, 'fixture-refresh-token-0', undefined, {
        includeDeleted: true,
        mapping: {
          streams: [
            {
              name: 'Opportunity',
              timestampField: 'CloseDate',
              dimensionFields: ['StageName'],
              points: [{ valueField: 'Amount', metric: unkeyed }],
            },
          ],
        },
      });
      const first = await sync(id);
      // Deal 6 is deleted: not written, and counted as skipped since its point could not be told apart.
      expect(first).toMatchObject({
        status: 'succeeded',
        rowsRead: 8,
        pointsDeleted: 0,
        deletionsSkipped: 1,
      });
      const stored = await pointsOf(unkeyed);
      expect(Object.values(stored)).not.toContain(450);
      expect(stored['{"StageName":"Closed Won"}']).toBeDefined();
    } finally {
      await org.close();
    }
  });
});
