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

async function ingestAll(
  db: DyocenseDatabase['db'],
  points: readonly MetricPointInput[][],
  concurrency: number,
): Promise<{ seconds: number; inserted: number; updated: number }> {
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
  return { seconds: (performance.now() - started) / 1000, inserted, updated };
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
      const fresh = await ingestAll(app.db, points, concurrency);
      const freshLoad = loadavg()[0] ?? 0;
      const again = await ingestAll(app.db, points, concurrency);
      const againLoad = loadavg()[0] ?? 0;
      const wrong = await countWrongRollups(app.db, tenants, days);
      lines.push(
        `PostgreSQL ${version}: fresh ingest of ${fresh.inserted.toLocaleString('en')} points (rollups included): ${fresh.seconds.toFixed(2)} s, ${(fresh.inserted / fresh.seconds / 1000).toFixed(0)}k points/s (target < 10 s for 1M), load ${freshLoad.toFixed(1)}`,
        `  re-upload of the same points: ${again.seconds.toFixed(2)} s, inserted ${again.inserted}, updated ${again.updated}, load ${againLoad.toFixed(1)}`,
        `  day rollups checked: ${wrong} wrong of ${tenants * days}`,
      );
      if (
        fresh.inserted !== tenants * days * 10 ||
        again.inserted !== 0 ||
        again.updated !== 0 ||
        wrong !== 0
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
