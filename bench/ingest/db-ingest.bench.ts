import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  createPostgresDatabase,
  type DyocenseDatabase,
  ensureMonthlyPartitions,
  ingestMetricPoints,
  type MetricPointInput,
  migrateToLatest,
  withTenant,
} from '../../packages/core/src/db/index.js';
import { benchTenantId, expectedRevenue, firstDay, tenantPoints } from '../server/bench-data.js';
import { createBenchDatabase, ownerUrl, psql } from '../server/postgres-admin.js';

/** Sizes of one run of {@link runDbIngestBench}; the defaults are issue 7's scale (1M points). */
export interface DbIngestBenchOptions {
  readonly tenants?: number;
  /** Days per tenant: 10 points a day (2 metrics x 5 stores). */
  readonly days?: number;
  /** Tenants ingested concurrently (one transaction each). */
  readonly concurrency?: number;
}

/** CPU seconds a process has used (user + system), from /proc; 0 when the server runs elsewhere. */
function cpuSecondsOf(pid: number): number {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return 0;
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The backend pids of the pool's `size` connections (opened now by as many concurrent queries). */
async function backendPids(db: DyocenseDatabase['db'], size: number): Promise<number[]> {
  const rows = await Promise.all(
    Array.from({ length: size }, () =>
      db
        .selectNoFrom((eb) => [
          eb.fn<number>('pg_backend_pid').as('pid'),
          eb.fn('pg_sleep', [eb.val(0.1)]).as('slept'),
        ])
        .executeTakeFirstOrThrow(),
    ),
  );
  return [...new Set(rows.map((row) => row.pid))];
}

interface Phase {
  seconds: number;
  inserted: number;
  updated: number;
  /** CPU seconds of this process and of the PostgreSQL backends: what the phase costs without other load. */
  nodeCpu: number;
  postgresCpu: number;
  load: number;
}

async function ingestAll(
  db: DyocenseDatabase['db'],
  points: readonly MetricPointInput[][],
  concurrency: number,
): Promise<Phase> {
  const pids = await backendPids(db, concurrency);
  const postgresBefore = pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  let inserted = 0;
  let updated = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < points.length) {
        const index = next;
        next += 1;
        const result = await ingestMetricPoints(db, benchTenantId(index), points[index] ?? []);
        inserted += result.inserted;
        updated += result.updated;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  return {
    seconds,
    inserted,
    updated,
    nodeCpu: (node.user + node.system) / 1e6,
    postgresCpu: pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) - postgresBefore,
    load: loadavg()[0] ?? 0,
  };
}

function describePhase(name: string, phase: Phase, points: number): string {
  return `${name}: ${phase.seconds.toFixed(2)} s, ${Math.round(points / phase.seconds / 1000)}k points/s, inserted ${phase.inserted.toLocaleString('en')}, updated ${phase.updated.toLocaleString('en')}; CPU: Node ${phase.nodeCpu.toFixed(1)} s, PostgreSQL backends ${phase.postgresCpu.toFixed(1)} s; load average ${phase.load.toFixed(1)}`;
}

/**
 * `ingestMetricPoints` alone on real PostgreSQL, as the server bench loads its data (a fresh database, monthly
 * partitions, a non-superuser login role under forced RLS): a fresh ingest of the whole data set, then the same
 * points again (idempotent re-upload: 0 inserted, 0 updated). Checks every tenant's day rollups against the
 * planted revenue, so a fast but wrong ingest fails the bench.
 */
export async function runDbIngestBench(options: DbIngestBenchOptions = {}): Promise<string> {
  const tenants = options.tenants ?? 100;
  const days = options.days ?? 1000;
  const concurrency = options.concurrency ?? 2;
  const lines = [
    `DB ingest bench: ${tenants} tenants x ${days} days x 10 points, ${concurrency} tenants at a time, ${cpus().length} CPUs, Node ${process.version}, load average at start ${loadavg()[0]?.toFixed(1)}`,
  ];
  const bench = createBenchDatabase(ownerUrl());
  try {
    const owner = createPostgresDatabase({ connectionString: bench.ownerUrl, maxConnections: 1 });
    await migrateToLatest(owner.db);
    const lastMonth = new Date(firstDay + days * 86_400_000).toISOString().slice(0, 7);
    await ensureMonthlyPartitions(owner.db, '2022-01', lastMonth);
    await owner.close();
    bench.grantApp();
    const version = psql(bench.ownerUrl, 'show server_version').trim();

    const app = createPostgresDatabase({ connectionString: bench.appUrl, maxConnections: concurrency });
    try {
      for (let index = 0; index < tenants; index += 1) {
        const id = benchTenantId(index);
        await withTenant(app.db, id, (trx) =>
          trx
            .insertInto('tenants')
            .values({ id, name: `Bench tenant ${index}` })
            .execute(),
        );
      }
      const points = Array.from({ length: tenants }, (_, index) => tenantPoints(index, days));
      const total = tenants * days * 10;
      const fresh = await ingestAll(app.db, points, concurrency);
      const again = await ingestAll(app.db, points, concurrency);
      // Every 100th point of every tenant gets a new value: 1% rewritten, their rollups recomputed.
      const edited = points.map((tenant) =>
        tenant.map((point, index) => (index % 100 === 0 ? { ...point, value: point.value + 0.5 } : point)),
      );
      const changed = await ingestAll(app.db, edited, concurrency);
      const restored = await ingestAll(app.db, points, concurrency);
      const wrong = await countWrongRollups(app.db, tenants, days);
      const stale = await countRollupsUnlikePoints(app.db, tenants);
      lines.push(
        `PostgreSQL ${version}, ${total.toLocaleString('en')} points (rollups included; target < 10 s for 1M):`,
        `  ${describePhase('fresh ingest', fresh, total)}`,
        `  ${describePhase('re-upload of the same points', again, total)}`,
        `  ${describePhase('re-upload with 1% of values changed', changed, total)}`,
        `  ${describePhase('re-upload restoring them', restored, total)}`,
        `  day rollups checked: ${wrong} wrong of ${tenants * days}; rollup rows (day, week, month) unlike a recomputation from the points: ${stale}`,
      );
      if (
        fresh.inserted !== total ||
        again.inserted !== 0 ||
        again.updated !== 0 ||
        changed.inserted !== 0 ||
        changed.updated !== tenants * Math.ceil((days * 10) / 100) ||
        restored.updated !== changed.updated ||
        wrong !== 0 ||
        stale !== 0
      ) {
        throw new Error(`DB ingest bench produced wrong results:\n${lines.join('\n')}`);
      }
    } finally {
      await app.close();
    }
  } finally {
    bench.drop();
  }
  return lines.join('\n');
}

/** Day-rollup rows of `revenue` whose sum differs from the planted value, or missing days, over all tenants. */
async function countWrongRollups(db: DyocenseDatabase['db'], tenants: number, days: number): Promise<number> {
  let wrong = 0;
  for (let index = 0; index < tenants; index += 1) {
    const rows = await withTenant(db, benchTenantId(index), (trx) =>
      trx
        .selectFrom('metric_rollups_day')
        .select(['bucket', 'value_sum', 'point_count'])
        .where('metric', '=', 'revenue')
        .execute(),
    );
    wrong += days - rows.length;
    for (const row of rows) {
      const day = Math.round((new Date(row.bucket).getTime() - firstDay) / 86_400_000);
      if (Number(row.value_sum) !== expectedRevenue(index, day) || Number(row.point_count) !== 5) wrong += 1;
    }
  }
  return wrong;
}

/** Rollup rows of every grain that differ from (or are missing next to) the aggregate of the stored points. */
async function countRollupsUnlikePoints(db: DyocenseDatabase['db'], tenants: number): Promise<number> {
  let wrong = 0;
  for (let index = 0; index < tenants; index += 1) {
    wrong += await withTenant(db, benchTenantId(index), async (trx) => {
      let unlike = 0;
      for (const grain of ['day', 'week', 'month'] as const) {
        const points = await trx
          .selectFrom('metric_points')
          .select((eb) => [
            'metric',
            eb.fn<Date>('date_trunc', [eb.val(grain), 'ts', eb.val('UTC')]).as('bucket'),
            eb.fn.countAll<string>().as('count'),
            eb.fn.sum<number>('value').as('sum'),
            eb.fn.min<number>('value').as('min'),
            eb.fn.max<number>('value').as('max'),
          ])
          .groupBy(['metric', 'bucket'])
          .execute();
        const rollups = await trx
          .selectFrom(`metric_rollups_${grain}`)
          .select(['metric', 'bucket', 'point_count', 'value_sum', 'value_min', 'value_max'])
          .execute();
        const expected = new Map(
          points.map((row) => [
            `${row.metric} ${new Date(row.bucket).getTime()}`,
            `${row.count} ${row.sum} ${row.min} ${row.max}`,
          ]),
        );
        unlike += Math.abs(points.length - rollups.length);
        for (const row of rollups) {
          const key = `${row.metric} ${new Date(row.bucket).getTime()}`;
          const actual = `${row.point_count} ${row.value_sum} ${row.value_min} ${row.value_max}`;
          if (expected.get(key) !== actual) unlike += 1;
        }
      }
      return unlike;
    });
  }
  return wrong;
}
