import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DyocenseSchema,
  ingestMetricPoints,
  jobsSchema,
  setRetentionPolicy,
  tenantArchiveDirectory,
  withTenant,
} from '@dyocense/core/db';
import { defineConnector } from '@dyocense/core/plugin';
import { createMockConnector } from '@dyocense/core/testing';
import { type Kysely, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TestDatabase } from '../../../packages/core/test/db/internal/engines.js';
import type { ServerConnector } from '../src/data-sources/connector-catalog.js';
import {
  installJobQueue,
  queueNames,
  retentionCron,
  startJobQueue,
  toPgBossDb,
} from '../src/jobs/job-queue.js';
import { runScheduleTick } from '../src/jobs/sync-schedule.js';
import { engines, startTestServer, type TestServer } from './harness.js';

interface SyncRun {
  id: string;
  dataSourceId: string;
  status: string;
  trigger: string;
  attempts: number;
  rowsRead: number;
  pointsWritten: number;
  error: string | null;
  finishedAt: string | null;
}

interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a `text/event-stream` answer to its end, parsing each event's JSON data. */
async function readEvents(response: Response): Promise<ServerSentEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => ({
      event: /^event: (.+)$/m.exec(block)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>,
    }));
}

/**
 * A connector whose stream `items` emits `records` records (`{ id, value: id * 10, day }`, a checkpoint after
 * each), but whose attempt number n (1-based, counted per connector) fails with a `transient_error` trace after
 * `failAfter` records while n <= `failingAttempts`. Attempt start times are logged in `starts`.
 */
function createFlakyConnector(options: {
  id: string;
  records: number;
  failAfter: number;
  failingAttempts: number;
}): { connector: ServerConnector; starts: number[] } {
  const starts: number[] = [];
  const stream = {
    name: 'items',
    fields: [
      { name: 'id', type: 'integer' as const, nullable: false },
      { name: 'value', type: 'number' as const, nullable: false },
      { name: 'day', type: 'date' as const, nullable: false },
    ],
    primaryKey: ['id'],
    cursorField: 'id',
    supportedSyncModes: ['full_refresh' as const, 'incremental' as const],
  };
  const connector = defineConnector({
    id: options.id,
    name: 'Flaky connector',
    description: 'Fails its first attempts midway',
    spec: { configSchema: z.object({}), secretFields: [] },
    capabilities: { incremental: true },
    streams: [stream],
    check: () => ({ status: 'succeeded', message: 'ok' }),
    discover: () => ({ streams: [stream] }),
    async *read(context, { state }) {
      starts.push(Date.now());
      const attempt = starts.length;
      const after = typeof state?.items === 'number' ? state.items : 0;
      for (let id = after + 1; id <= options.records; id++) {
        if (attempt <= options.failingAttempts && id > after + options.failAfter) {
          yield {
            type: 'trace',
            error: { message: `Upstream answered 503 on attempt ${attempt}`, failureType: 'transient_error' },
          };
          return;
        }
        yield {
          type: 'record',
          stream: 'items',
          data: { id, value: id * 10, day: new Date(Date.UTC(2024, 1, id)).toISOString().slice(0, 10) },
          emittedAt: context.clock.now(),
        };
        yield { type: 'state', stream: 'items', data: id };
      }
    },
  }) as ServerConnector;
  return { connector, starts };
}

/** A mock connector that waits `delayMs` before each of its records, so a sync stays running for a while. */
function createSlowConnector(records: number, delayMs: number): ServerConnector {
  const inner = createMockConnector({ id: 'slow', recordsPerStream: records }) as ServerConnector;
  return {
    ...inner,
    async *read(context, request) {
      for await (const message of inner.read(context, request)) {
        if (message.type === 'record') await new Promise((resolve) => setTimeout(resolve, delayMs));
        yield message;
      }
    },
  };
}

const mockMapping = (metric: string, syncMode = 'incremental') => ({
  streams: [
    { name: 'items', syncMode, timestampField: 'updatedAt', points: [{ valueField: 'value', metric }] },
  ],
});
const flakyMapping = (metric: string) => ({
  streams: [{ name: 'items', timestampField: 'day', points: [{ valueField: 'value', metric }] }],
});

async function insertSource(
  db: Kysely<DyocenseSchema>,
  tenantId: string,
  source: { connectorId: string; mapping: unknown; config?: unknown; schedule?: string },
): Promise<string> {
  const row = await withTenant(db, tenantId, (trx) =>
    trx
      .insertInto('data_sources')
      .values({
        tenant_id: tenantId,
        connector_id: source.connectorId,
        name: `source ${randomUUID()}`,
        config: JSON.stringify(source.config ?? {}),
        sync_mapping: JSON.stringify(source.mapping),
        ...(source.schedule === undefined ? {} : { sync_schedule: source.schedule }),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function pointsOf(db: Kysely<DyocenseSchema>, tenantId: string, metric: string) {
  return withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('metric_points')
      .select(['ts', 'value'])
      .where('tenant_id', '=', tenantId)
      .where('metric', '=', metric)
      .orderBy('ts')
      .execute(),
  );
}

async function stateOf(db: Kysely<DyocenseSchema>, tenantId: string, id: string): Promise<unknown> {
  const row = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('data_sources').select('sync_state').where('id', '=', id).executeTakeFirstOrThrow(),
  );
  return row.sync_state;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(engines)('connector syncs and scheduled jobs on %s', (engine, createDatabase) => {
  let server: TestServer;
  let db: Kysely<DyocenseSchema>;
  let boss: PgBoss;
  let archive: string;
  // Tenant C's source is due before the server starts: pg-boss's cron fires the tick as the server starts.
  const tenantC = randomUUID();
  let dueSourceId: string;
  const flaky = createFlakyConnector({ id: 'flaky', records: 4, failAfter: 2, failingAttempts: 1 });
  const broken = createFlakyConnector({ id: 'broken', records: 4, failAfter: 2, failingAttempts: 99 });

  beforeAll(async () => {
    archive = await mkdtemp(join(tmpdir(), 'dyocense-sync-archive-'));
    const prepare = async (): Promise<TestDatabase> => {
      const database = await createDatabase();
      // PostgreSQL: the owner installs pg-boss at migrate time (PGlite: the server does it on start).
      if (database.engine === 'postgres') await installJobQueue(database.owner);
      const appDb = database.app.db;
      await withTenant(appDb, tenantC, (trx) =>
        trx.insertInto('tenants').values({ id: tenantC, name: 'tenant C' }).execute(),
      );
      dueSourceId = await insertSource(appDb, tenantC, {
        connectorId: 'mock',
        mapping: mockMapping('orders'),
        config: { token: 'valid-token' },
        schedule: '*/5 * * * *',
      });
      await sql`update ${sql.table(`${jobsSchema}.sync_schedules`)}
        set next_run_at = now() - interval '1 minute'`.execute(appDb);
      return database;
    };
    server = await startTestServer(prepare, {
      connectors: [
        createMockConnector({ recordsPerStream: 60 }) as ServerConnector,
        flaky.connector,
        broken.connector,
        createSlowConnector(30, 60),
      ],
      syncJobs: {
        required: true,
        pollingIntervalSeconds: 0.5,
        retry: { limit: 2, delaySeconds: 1 },
        archiveDirectory: archive,
      },
    });
    db = server.database.app.db;
    boss = await startJobQueue(db);
  }, 120_000);

  afterAll(async () => {
    await boss?.stop({ graceful: false, close: false, wait: true });
    await server?.close();
    await rm(archive, { recursive: true, force: true });
  });

  const analyst = (tenant: string) => server.token(tenant, 'analyst');

  async function readRun(tenant: string, id: string): Promise<SyncRun> {
    const answer = await server.call('GET', `/v1/sync-runs/${id}`, { token: analyst(tenant) });
    expect(answer.status).toBe(200);
    return answer.body as SyncRun;
  }

  const finished = (tenant: string, id: string, timeoutMs?: number) =>
    until(
      () => readRun(tenant, id),
      (run) => run.finishedAt !== null,
      timeoutMs,
    );

  async function trigger(tenant: string, sourceId: string): Promise<SyncRun> {
    const answer = await server.call('POST', `/v1/data-sources/${sourceId}/sync`, { token: analyst(tenant) });
    expect(answer.status).toBe(202);
    return answer.body as SyncRun;
  }

  it('fires a due cron schedule through pg-boss as the server starts, under the schedule tenant', async () => {
    const runs = await until(
      async () =>
        withTenant(db, tenantC, (trx) =>
          trx.selectFrom('sync_runs').selectAll().where('data_source_id', '=', dueSourceId).execute(),
        ),
      (rows) => rows.some((row) => row.status === 'succeeded'),
    );
    expect(runs.map((run) => ({ trigger: run.trigger, status: run.status, rows: run.rows_read }))).toEqual([
      { trigger: 'schedule', status: 'succeeded', rows: '60' },
    ]);
    const points = await pointsOf(db, tenantC, 'orders');
    expect(points).toHaveLength(60);
    expect(points[0]?.value).toBe(1.5);
    expect(points[59]?.value).toBe(90);
    // Fired once, then moved to the next */5 slot after now.
    const schedule = await sql<{ next: Date }>`select next_run_at as next
      from ${sql.table(`${jobsSchema}.sync_schedules`)} where data_source_id = ${dueSourceId}`.execute(db);
    const next = schedule.rows[0]?.next as Date;
    expect(next.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(next.getUTCMinutes() % 5).toBe(0);
    expect(next.getUTCSeconds()).toBe(0);
  });

  it('syncs on request: 202 with the run id, progress over SSE, then done with 60 rows and 60 points', async () => {
    const sourceId = await insertSource(db, server.tenantA, {
      connectorId: 'mock',
      mapping: mockMapping('revenue'),
      config: { token: 'valid-token' },
    });
    const readRevenue = async () => {
      const answer = await server.call('GET', '/v1/metrics/revenue?grain=month', {
        token: analyst(server.tenantA),
      });
      return (answer.body as { points: { ts: string; value: number }[] }).points;
    };
    // Read (and cached) before the sync: the sync's writes, made outside any request, must reach later reads.
    expect(await readRevenue()).toEqual([]);
    const queued = await trigger(server.tenantA, sourceId);
    expect(queued).toMatchObject({
      dataSourceId: sourceId,
      status: 'queued',
      trigger: 'manual',
      attempts: 0,
    });

    const response = await fetch(`${server.url}/v1/sync-runs/${queued.id}/events`, {
      headers: { authorization: `Bearer ${analyst(server.tenantA)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);
    // Progress while it runs (none if it finished before the stream opened), then exactly one final event.
    expect(events.map((event) => event.event).filter((name) => name !== 'progress')).toEqual(['done']);
    expect(events.at(-1)?.event).toBe('done');
    expect(events.at(-1)?.data).toMatchObject({
      id: queued.id,
      status: 'succeeded',
      attempts: 1,
      rowsRead: 60,
      pointsWritten: 60,
      error: null,
    });

    const points = await pointsOf(db, server.tenantA, 'revenue');
    expect(points).toHaveLength(60);
    expect(points.reduce((sum, point) => sum + point.value, 0)).toBe((1.5 * 60 * 61) / 2);
    expect(points[0]?.ts.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(await stateOf(db, server.tenantA, sourceId)).toEqual({ items: 60 });
    // January: ids 1..31 (1.5 * 496 = 744), February: ids 32..60 (1.5 * 1334 = 2001).
    const months = await until(readRevenue, (points) => points.length === 2, 5_000);
    expect(months).toEqual([
      { ts: '2024-01-01T00:00:00.000Z', value: 744 },
      { ts: '2024-02-01T00:00:00.000Z', value: 2001 },
    ]);

    // Incremental: the next sync resumes from the checkpoint and reads nothing new.
    const again = await finished(server.tenantA, (await trigger(server.tenantA, sourceId)).id);
    expect(again).toMatchObject({ status: 'succeeded', rowsRead: 0, pointsWritten: 0 });
    expect(await pointsOf(db, server.tenantA, 'revenue')).toHaveLength(60);

    const listed = await server.call('GET', `/v1/sync-runs?dataSourceId=${sourceId}`, {
      token: analyst(server.tenantA),
    });
    expect((listed.body as { runs: SyncRun[] }).runs.map((run) => run.id)).toEqual([again.id, queued.id]);
  });

  it('streams live progress of a running sync: rows read grow, then done', async () => {
    const sourceId = await insertSource(db, server.tenantA, {
      connectorId: 'slow',
      mapping: mockMapping('pages'),
      config: { token: 'valid-token' },
    });
    const queued = await trigger(server.tenantA, sourceId);
    const response = await fetch(`${server.url}/v1/sync-runs/${queued.id}/events`, {
      headers: { authorization: `Bearer ${analyst(server.tenantA)}` },
    });
    const events = await readEvents(response);
    // Live events (from the attempt running in this process) carry the attempt number.
    const live = events.filter((event) => event.event === 'progress' && 'attempt' in event.data);
    const rows = live.map((event) => event.data.rowsRead as number);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((count) => count > 0 && count < 30)).toBe(true);
    expect(rows).toEqual([...rows].sort((left, right) => left - right));
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { rowsRead: 30, pointsWritten: 30 } });
  });

  it('retries a failing attempt with back-off; the failed attempt leaves no points and no moved checkpoint', async () => {
    const sourceId = await insertSource(db, server.tenantA, {
      connectorId: 'flaky',
      mapping: flakyMapping('calls'),
    });
    const run = await finished(server.tenantA, (await trigger(server.tenantA, sourceId)).id);
    // Attempt 1 read 2 records (and checkpointed them) before failing; attempt 2 re-read all 4 from the old state.
    expect(run).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      rowsRead: 4,
      pointsWritten: 4,
      error: null,
    });
    expect((await pointsOf(db, server.tenantA, 'calls')).map((point) => point.value)).toEqual([
      10, 20, 30, 40,
    ]);
    expect(await stateOf(db, server.tenantA, sourceId)).toEqual({ items: 4 });
    expect(flaky.starts).toHaveLength(2);
    // pg-boss back-off: the first retry waits retryDelay (1 s) to twice that.
    expect((flaky.starts[1] as number) - (flaky.starts[0] as number)).toBeGreaterThanOrEqual(1_000);
  });

  it('records a failure after the last retry: status failed, the error, rows read; nothing written', async () => {
    const sourceId = await insertSource(db, server.tenantA, {
      connectorId: 'broken',
      mapping: flakyMapping('leads'),
    });
    const queued = await trigger(server.tenantA, sourceId);
    const response = await fetch(`${server.url}/v1/sync-runs/${queued.id}/events`, {
      headers: { authorization: `Bearer ${analyst(server.tenantA)}` },
    });
    const events = await readEvents(response);
    const final = events.at(-1);
    expect(final?.event).toBe('failed');
    expect(final?.data).toMatchObject({
      id: queued.id,
      status: 'failed',
      attempts: 3,
      rowsRead: 2,
      pointsWritten: 0,
      error: 'Upstream answered 503 on attempt 3',
    });
    // A failed attempt awaiting its retry shows as queued with its error.
    expect(events.some((event) => event.data.status === 'queued' && event.data.error !== null)).toBe(true);
    expect(await pointsOf(db, server.tenantA, 'leads')).toEqual([]);
    expect(await stateOf(db, server.tenantA, sourceId)).toEqual({});
    // Three attempts, the second retry after at least twice the first delay (exponential back-off).
    expect(broken.starts).toHaveLength(3);
    const [first, second, third] = broken.starts as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(1_000);
    expect(third - second).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  it('fails at once, without retrying, a source with an unknown connector or a mapping that does not fit', async () => {
    const unknown = await insertSource(db, server.tenantA, {
      connectorId: 'nowhere',
      mapping: flakyMapping('x'),
    });
    const badMapping = await insertSource(db, server.tenantA, {
      connectorId: 'mock',
      config: { token: 'valid-token' },
      mapping: {
        streams: [{ name: 'items', timestampField: 'id', points: [{ valueField: 'value', metric: 'y' }] }],
      },
    });
    const first = await finished(server.tenantA, (await trigger(server.tenantA, unknown)).id);
    expect(first).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'No connector "nowhere" is installed on this server',
    });
    const second = await finished(server.tenantA, (await trigger(server.tenantA, badMapping)).id);
    expect(second).toMatchObject({
      status: 'failed',
      attempts: 1,
      rowsRead: 1,
      error: 'Field "id" of record 1 of stream "items" is not an ISO 8601 date or date-time',
    });
    expect(await pointsOf(db, server.tenantA, 'y')).toEqual([]);
  });

  it("answers 404 for another tenant's data source and run, exactly like missing ones", async () => {
    const sourceB = await insertSource(db, server.tenantB, {
      connectorId: 'mock',
      mapping: mockMapping('secret'),
      config: { token: 'valid-token' },
    });
    const runB = await finished(server.tenantB, (await trigger(server.tenantB, sourceB)).id);
    const tokenA = analyst(server.tenantA);
    for (const [method, path] of [
      ['POST', `/v1/data-sources/${sourceB}/sync`],
      ['POST', `/v1/data-sources/${randomUUID()}/sync`],
      ['GET', `/v1/sync-runs/${runB.id}`],
      ['GET', `/v1/sync-runs/${runB.id}/events`],
      ['GET', `/v1/sync-runs/${randomUUID()}`],
    ] as const) {
      const answer = await server.call(method, path, { token: tokenA });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    const listed = await server.call('GET', `/v1/sync-runs?dataSourceId=${sourceB}`, { token: tokenA });
    expect(listed.body).toEqual({ runs: [] });
    const viewer = await server.call('POST', `/v1/data-sources/${sourceB}/sync`, {
      token: server.token(server.tenantB, 'viewer'),
    });
    expect(viewer.status).toBe(403);
  });

  it("attack: a job payload naming tenant A cannot run or write tenant B's sync", async () => {
    const sourceB = await insertSource(db, server.tenantB, {
      connectorId: 'mock',
      mapping: mockMapping('b_only', 'full_refresh'),
      config: { token: 'valid-token' },
    });
    // B's queued run, with no job of its own: only the forged job below could start it.
    const runB = await withTenant(db, server.tenantB, (trx) =>
      trx
        .insertInto('sync_runs')
        .values({ tenant_id: server.tenantB, data_source_id: sourceB, status: 'queued' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const forged = await boss.send(queueNames.sync, { tenantId: server.tenantA, syncRunId: runB.id });
    expect(forged).not.toBeNull();
    const job = await until(
      () => boss.getJobById(queueNames.sync, forged as string),
      (found) => found?.state === 'completed',
    );
    expect(job?.output).toEqual({ skipped: 'no such unfinished run' });
    const stored = await withTenant(db, server.tenantB, (trx) =>
      trx
        .selectFrom('sync_runs')
        .select(['status', 'attempts'])
        .where('id', '=', runB.id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored).toEqual({ status: 'queued', attempts: 0 });
    expect(await pointsOf(db, server.tenantA, 'b_only')).toEqual([]);
    expect(await pointsOf(db, server.tenantB, 'b_only')).toEqual([]);

    // A forged schedule row pairing tenant A with B's data source: the tick queues nothing for either tenant.
    await sql`insert into ${sql.table(`${jobsSchema}.sync_schedules`)} (tenant_id, data_source_id, cron, timezone, next_run_at)
      values (${server.tenantA}, ${sourceB}, '* * * * *', 'UTC', now() - interval '1 minute')`.execute(db);
    const enqueued: { tenantId: string; syncRunId: string }[] = [];
    const fired = await runScheduleTick(db, async (trx, job) => {
      enqueued.push(job);
      await boss.send(queueNames.sync, job, { db: toPgBossDb(trx) });
    });
    expect(fired.filter((one) => one.dataSourceId === sourceB)).toEqual([
      { tenantId: server.tenantA, dataSourceId: sourceB, syncRunId: undefined },
    ]);
    expect(enqueued.filter((job) => job.tenantId !== tenantC)).toEqual([]);
    const runsOfB = await withTenant(db, server.tenantB, (trx) =>
      trx.selectFrom('sync_runs').select('id').where('data_source_id', '=', sourceB).execute(),
    );
    expect(runsOfB).toEqual([{ id: runB.id }]);
    const runsOfA = await withTenant(db, server.tenantA, (trx) =>
      trx.selectFrom('sync_runs').select('id').where('data_source_id', '=', sourceB).execute(),
    );
    expect(runsOfA).toEqual([]);
  });

  it('keeps a schedule per data source and fires it on the cron times of a controlled clock', async () => {
    const sourceId = await insertSource(db, server.tenantB, {
      connectorId: 'mock',
      mapping: mockMapping('visits'),
      config: { token: 'valid-token' },
      schedule: '*/5 * * * *',
    });
    const enqueued: string[] = [];
    const tick = (iso: string) =>
      runScheduleTick(
        db,
        async (trx, job) => {
          enqueued.push(job.syncRunId);
          await boss.send(queueNames.sync, job, { db: toPgBossDb(trx) });
        },
        new Date(iso),
      ).then((fired) => fired.filter((one) => one.dataSourceId === sourceId));
    const nextRun = async () => {
      const { rows } = await sql<{ next: Date | null }>`select next_run_at as next
        from ${sql.table(`${jobsSchema}.sync_schedules`)} where data_source_id = ${sourceId}`.execute(db);
      return rows[0]?.next?.toISOString() ?? null;
    };
    // Other rows (tenant C's) are due at these far-future times too; only this source is looked at.
    expect(await nextRun()).toBeNull();
    expect(await tick('2030-01-01T10:02:00Z')).toEqual([]);
    expect(await nextRun()).toBe('2030-01-01T10:05:00.000Z');
    expect(await tick('2030-01-01T10:04:59Z')).toEqual([]);
    const fired = await tick('2030-01-01T10:05:30Z');
    expect(fired).toHaveLength(1);
    expect(await nextRun()).toBe('2030-01-01T10:10:00.000Z');
    // Down for 25 minutes: fires once, not once per missed slot.
    expect(await tick('2030-01-01T10:31:00Z')).toHaveLength(1);
    expect(await nextRun()).toBe('2030-01-01T10:35:00.000Z');

    const runs = await Promise.all(fired.map((one) => finished(server.tenantB, one.syncRunId as string)));
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded', rowsRead: 60 });

    // A new expression recomputes the next run; clearing the schedule removes it.
    await withTenant(db, server.tenantB, (trx) =>
      trx
        .updateTable('data_sources')
        .set({ sync_schedule: '0 6 * * *', sync_timezone: 'Europe/Paris' })
        .where('id', '=', sourceId)
        .execute(),
    );
    expect(await nextRun()).toBeNull();
    await tick('2030-06-01T12:00:00Z');
    expect(await nextRun()).toBe('2030-06-02T04:00:00.000Z');
    await withTenant(db, server.tenantB, (trx) =>
      trx.updateTable('data_sources').set({ sync_schedule: null }).where('id', '=', sourceId).execute(),
    );
    expect(await nextRun()).toBeNull();
    const { rows } = await sql<{ count: number }>`select count(*)::int as count
      from ${sql.table(`${jobsSchema}.sync_schedules`)} where data_source_id = ${sourceId}`.execute(db);
    expect(rows[0]?.count).toBe(0);
  });

  it('refreshes the stored forecasts of the metrics a sync wrote, under the tenant', async () => {
    const sourceId = await insertSource(db, server.tenantB, {
      connectorId: 'mock',
      mapping: mockMapping('signups', 'full_refresh'),
      config: { token: 'valid-token' },
    });
    await finished(server.tenantB, (await trigger(server.tenantB, sourceId)).id);
    const created = await server.call('POST', '/v1/forecasts', {
      token: analyst(server.tenantB),
      json: { metric: 'signups', horizon: 7, model: 'naive' },
    });
    expect(created.status).toBe(201);
    await finished(server.tenantB, (await trigger(server.tenantB, sourceId)).id);
    const forecasts = await until(
      () =>
        withTenant(db, server.tenantB, (trx) =>
          trx
            .selectFrom('forecasts')
            .select(['id', 'horizon', 'model', 'result', 'tenant_id'])
            .where('metric', '=', 'signups')
            .orderBy('created_at')
            .execute(),
        ),
      (rows) => rows.length === 2,
    );
    const refreshed = forecasts[1];
    expect(refreshed).toMatchObject({ tenant_id: server.tenantB, horizon: 7, model: 'Naive' });
    const points = (refreshed?.result as { points: { mean: number }[] } | undefined)?.points ?? [];
    // Naive on a series ending at 60 * 1.5 = 90: every step forecasts 90.
    expect(points.map((point) => point.mean)).toEqual([90, 90, 90, 90, 90, 90, 90]);
    const audit = await withTenant(db, server.tenantB, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'target_id'])
        .where('action', '=', 'forecasts.refresh')
        .execute(),
    );
    expect(audit.map((row) => row.target_id)).toEqual([refreshed?.id]);
    const ofA = await withTenant(db, server.tenantA, (trx) =>
      trx.selectFrom('forecasts').select('id').where('metric', '=', 'signups').execute(),
    );
    expect(ofA).toEqual([]);
  });

  it('counts finished jobs by kind and outcome in the Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const count = (kind: string, outcome: string) =>
      Number(
        new RegExp(`^dyocense_job_runs_total\\{kind="${kind}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
          text,
        )?.[1],
      );
    // The broken connector, the unknown connector and the bad mapping: three final failures, retries not counted.
    expect(count('sync', 'failed')).toBe(3);
    expect(count('sync', 'succeeded')).toBeGreaterThanOrEqual(7);
    expect(count('forecast_refresh', 'succeeded')).toBe(1);
  });

  it('grants the app role exactly what pg-boss needs, and no DDL', async () => {
    const grants = await sql<{ table: string; privileges: string }>`
      select c.relname as table, string_agg(p.privilege, ',' order by p.privilege) as privileges
      from pg_class c join pg_namespace n on n.oid = c.relnamespace,
        lateral (select unnest(array['select', 'insert', 'update', 'delete', 'truncate']) as privilege) p
      where n.nspname = 'pgboss' and c.relkind in ('r', 'p') and c.relispartition = false
        and has_table_privilege('dyocense_app', c.oid, p.privilege)
      group by c.relname order by 1`.execute(server.database.owner);
    expect(grants.rows).toEqual([
      { table: 'archive', privileges: 'delete,insert,select' },
      { table: 'job', privileges: 'delete,insert,select,update' },
      { table: 'queue', privileges: 'select' },
      { table: 'schedule', privileges: 'select' },
      { table: 'version', privileges: 'select,update' },
    ]);
    const ddl = await sql<{ create: boolean; queue: boolean }>`
      select has_schema_privilege('dyocense_app', 'pgboss', 'create') as create,
        has_function_privilege('dyocense_app', 'pgboss.create_queue(text, json)', 'execute') as queue`.execute(
      server.database.owner,
    );
    expect(ddl.rows).toEqual([{ create: false, queue: false }]);
    if (engine === 'PostgreSQL') {
      // The app's own login cannot create a queue (DDL) even by calling pg-boss.
      await expect(sql`select pgboss.create_queue('sneaky', '{}'::json)`.execute(db)).rejects.toThrow(
        /permission denied/,
      );
    }
  });
  it('applies retention daily through pg-boss: owner-made queue and cron, each tenant with a policy under RLS', async () => {
    const schedule = await sql<{ cron: string; timezone: string }>`
      select cron, timezone from pgboss.schedule where name = ${queueNames.retention}`.execute(
      server.database.owner,
    );
    expect(schedule.rows).toEqual([{ cron: retentionCron, timezone: 'UTC' }]);
    const queue = await sql<{ retry_limit: number }>`
      select retry_limit from pgboss.queue where name = ${queueNames.retention}`.execute(
      server.database.owner,
    );
    expect(queue.rows).toEqual([{ retry_limit: 1 }]);

    // A new tenant keeps 30 days raw: its 2020 point goes to Parquet, today's stays. No other tenant has a policy.
    const tenantD = randomUUID();
    await withTenant(db, tenantD, (trx) =>
      trx.insertInto('tenants').values({ id: tenantD, name: 'tenant D' }).execute(),
    );
    const today = new Date().toISOString();
    await ingestMetricPoints(db, tenantD, [
      { metric: 'retained', ts: '2020-01-15T08:00:00Z', value: 3 },
      { metric: 'retained', ts: today, value: 4 },
    ]);
    await setRetentionPolicy(db, tenantD, { rawDays: 30 });
    const jobId = await boss.send(queueNames.retention, {});
    if (jobId === null) throw new Error('the retention job was not queued');
    const job = await until(
      () => boss.getJobById(queueNames.retention, jobId, { includeArchive: true }),
      (found) => found?.state === 'completed' || found?.state === 'failed',
    );
    expect(job).toMatchObject({ state: 'completed', output: { tenants: 1, failed: [] } });
    const archived = await withTenant(db, tenantD, async (trx) => {
      const ranges = await sql<{ metric: string; month: string; rows: number }>`
        select metric, to_char(month, 'YYYY-MM') as month, rows from archived_ranges`.execute(trx);
      const left = await trx
        .selectFrom('metric_points')
        .select('value')
        .where('tenant_id', '=', tenantD)
        .where('metric', '=', 'retained')
        .execute();
      return { ranges: ranges.rows, left: left.map((row) => Number(row.value)) };
    });
    expect(archived).toEqual({ ranges: [{ metric: 'retained', month: '2020-01', rows: 1 }], left: [4] });
    expect(await readdir(tenantArchiveDirectory(archive, tenantD), { recursive: true })).toHaveLength(2);
  });
});
