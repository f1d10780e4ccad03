import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../../examples/server/src/auth.js';
import {
  createPostgresDatabase,
  type DyocenseDatabase,
  ensureMonthlyPartitions,
  ingestMetricPoints,
  migrateToLatest,
  openPgliteDatabase,
  withTenant,
} from '../../packages/core/src/db/index.js';
import {
  benchTenantId,
  checkKpiResponse,
  checkResponse,
  type ResponseTally,
  readWindow,
  tenantPoints,
} from './bench-data.js';
import { driveLoad, type LoadResult } from './drive-load.js';
import { measureSqlCeiling } from './pgbench.js';
import { createBenchDatabase, ownerUrl, psql } from './postgres-admin.js';
import type { ServeConfig } from './serve-worker.js';

/** Sizes of one run of {@link runServerBench}; the defaults are the full scale. */
export interface ServerBenchOptions {
  readonly tenants?: number;
  /** Days of data per tenant on PostgreSQL: 10 points a day (2 metrics x 5 stores); 1,000 days = 1M points. */
  readonly days?: number;
  /** Days of data per tenant on PGlite. */
  readonly pgliteDays?: number;
  /** Seconds of each measured autocannon and pgbench run (autocannon runs after a warm-up as long). */
  readonly seconds?: number;
  /** autocannon connections (and pgbench clients). */
  readonly connections?: number;
  /** Server process counts to measure on PostgreSQL (node:cluster workers). */
  readonly workers?: readonly number[];
  /** `pg` pool size per server worker. */
  readonly poolSize?: number;
  /** Tenants ingested concurrently. */
  readonly ingestConcurrency?: number;
  /** Read routes to drive: the metric read, the KPI read (`average_order_value`), or both. */
  readonly routes?: readonly BenchRoute[];
  /** Server read cache settings to measure on PostgreSQL (`true`: on). */
  readonly readCache?: readonly boolean[];
}

/** A read route the bench drives. */
export type BenchRoute = 'metric' | 'kpi';

/** The request path of `route` over `[from, to)` and how its responses are checked. */
function routeLoad(route: BenchRoute, window: { from: string; to: string }, tenants: number) {
  const range = `grain=day&from=${window.from}&to=${window.to}`;
  return route === 'metric'
    ? {
        path: `/v1/metrics/revenue?${range}`,
        check: checkResponse,
      }
    : {
        path: `/v1/kpis/average_order_value?${range}`,
        check: (tally: ResponseTally, status: number, body: string, index: number) =>
          checkKpiResponse(tally, status, body, index, tenants),
      };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function startServer(config: Omit<ServeConfig, 'port'>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./serve-worker.ts', import.meta.url)), [], {
    execArgv: ['--conditions=@dyocense/source', '--import', 'tsx'],
    env: { ...process.env, DYOCENSE_BENCH_SERVER: JSON.stringify({ ...config, port }) },
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`bench server exited with ${code} before listening`);
    }),
  ])) as [{ ready?: boolean }];
  if (message.ready !== true) throw new Error('bench server did not start');
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Creates the tenants, then ingests each tenant's points through `ingestMetricPoints`; returns seconds. */
async function loadTenants(db: DyocenseDatabase['db'], tenants: number, days: number, concurrency: number) {
  for (let index = 0; index < tenants; index += 1) {
    const id = benchTenantId(index);
    await withTenant(db, id, (trx) =>
      trx
        .insertInto('tenants')
        .values({ id, name: `Bench tenant ${index}` })
        .execute(),
    );
  }
  const points = Array.from({ length: tenants }, (_, index) => tenantPoints(index, days));
  const started = performance.now();
  let next = 0;
  let inserted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tenants) {
        const index = next;
        next += 1;
        const result = await ingestMetricPoints(db, benchTenantId(index), points[index] ?? []);
        inserted += result.inserted;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, inserted };
}

async function tokensFor(secret: string, tenants: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: tenants }, (_, index) =>
      signToken({
        secret,
        tenantId: benchTenantId(index),
        role: 'viewer',
        subject: `bench-${index}`,
        ttl: '2h',
      }),
    ),
  );
}

async function measureServer(
  config: Omit<ServeConfig, 'port'>,
  load: {
    path: string;
    tokens: string[];
    connections: number;
    seconds: number;
    check: (tally: ResponseTally, status: number, body: string, index: number) => void;
  },
): Promise<LoadResult> {
  const { url, child } = await startServer(config);
  try {
    // Warm-up as long as the run: JIT, pools, plan caches and the server's tenant cache (PGlite reached a
    // steady rate only after several seconds on a loaded machine).
    await driveLoad({ ...load, url });
    return await driveLoad({ ...load, url });
  } finally {
    await stopServer(child);
  }
}

function describeLoad(label: string, result: LoadResult, ceiling?: number): string {
  const { tally } = result;
  const checked = `${tally.responses.toLocaleString('en')}/${result.total.toLocaleString('en')} checked`;
  const ratio = ceiling === undefined ? '' : `  ${(result.requestsPerSecond / ceiling).toFixed(2)}x ceiling`;
  return `${label.padEnd(34)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms
    .toFixed(1)
    .padStart(
      5,
    )} ms  p99 ${result.p99Ms.toFixed(1).padStart(6)} ms  wrong-tenant rows ${tally.wrongTenantRows}  wrong rows ${tally.wrongRows}  non-200 ${tally.non200}  errors ${result.errors}  ${checked}${ratio}  load ${result.loadAverage.toFixed(1)}`;
}

/**
 * The reference server's metric read under load on PostgreSQL and PGlite: ingest time of the data set, the
 * SQL ceiling of the read (pgbench), and autocannon against `GET /v1/metrics/revenue?grain=day` with 100
 * tenants' tokens round-robin, every response checked against its tenant's planted values.
 */
export async function runServerBench(options: ServerBenchOptions = {}): Promise<string> {
  const tenants = options.tenants ?? 100;
  const days = options.days ?? 1000;
  const pgliteDays = options.pgliteDays ?? 100;
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const workers = options.workers ?? [1, 2];
  const poolSize = options.poolSize ?? 8;
  const concurrency = options.ingestConcurrency ?? 2;
  const routes = options.routes ?? ['metric', 'kpi'];
  const cacheModes = options.readCache ?? [true, false];
  const secret = randomBytes(32).toString('base64url');
  const tokens = await tokensFor(secret, tenants);
  const scratch = mkdtempSync(join(tmpdir(), 'dyocense-server-bench-'));
  const lines = [
    `Server bench: ${tenants} tenants, ${cpus().length} CPUs, Node ${process.version}, autocannon -c ${connections} -p 1, ${seconds} s per run after a warm-up run of the same length; load average at start ${loadavg()[0]?.toFixed(1)}`,
  ];

  // PostgreSQL: a fresh database migrated by the owner, served by a login role in dyocense_app.
  const cluster = ownerUrl();
  const bench = createBenchDatabase(cluster);
  try {
    const owner = createPostgresDatabase({ connectionString: bench.ownerUrl, maxConnections: 1 });
    await migrateToLatest(owner.db);
    const lastMonth = new Date(Date.UTC(2022, 0, 1) + days * 86_400_000).toISOString().slice(0, 7);
    await ensureMonthlyPartitions(owner.db, '2022-01', lastMonth);
    await owner.close();
    bench.grantApp();
    const version = psql(bench.ownerUrl, 'show server_version').trim();

    const app = createPostgresDatabase({ connectionString: bench.appUrl, maxConnections: concurrency });
    const ingest = await loadTenants(app.db, tenants, days, concurrency);
    await app.close();
    psql(bench.ownerUrl, 'analyze');
    const rollupRows = psql(bench.ownerUrl, 'select count(*) from metric_rollups_day').trim();
    lines.push(
      `PostgreSQL ${version}: ingest of ${ingest.inserted.toLocaleString('en')} points through ingestMetricPoints (${concurrency} tenants at a time, rollups included): ${ingest.seconds.toFixed(2)} s, ${(ingest.inserted / ingest.seconds / 1000).toFixed(0)}k points/s (target < 10 s for 1M)`,
    );
    lines.push(`  (the owner sees ${rollupRows} day-rollup rows: no tenant set, forced RLS)`);

    const window = readWindow(days);
    const clients = Math.min(connections, 16);
    for (const route of routes) {
      const ceiling = await measureSqlCeiling({
        appUrl: bench.appUrl,
        tenantCount: tenants,
        ...window,
        clients,
        seconds,
        directory: scratch,
        read: route,
      });
      lines.push(
        `${route === 'metric' ? 'Metric read GET /v1/metrics/revenue' : 'KPI read GET /v1/kpis/average_order_value'}: SQL ceiling (pgbench -M prepared -c ${clients} -j 2, ${route === 'metric' ? 'one dyocense_read_metric call' : 'two dyocense_read_metric calls (revenue, orders)'}, random tenant): ${ceiling.transactionsPerSecond.toFixed(0)} tx/s, average ${ceiling.averageLatencyMs.toFixed(2)} ms, failed ${ceiling.failed}, load ${ceiling.loadAverage.toFixed(1)}`,
      );
      for (const readCache of cacheModes) {
        for (const count of workers) {
          const result = await measureServer(
            {
              engine: 'postgres',
              location: bench.appUrl,
              secret,
              workers: count,
              connections: poolSize,
              readCache,
            },
            { ...routeLoad(route, window, tenants), tokens, connections, seconds },
          );
          lines.push(
            describeLoad(
              `  ${count} process${count > 1 ? 'es' : ''}, pool ${poolSize}, cache ${readCache ? 'on ' : 'off'}`,
              result,
              ceiling.transactionsPerSecond,
            ),
          );
        }
      }
    }
  } finally {
    bench.drop();
  }

  // PGlite: the same data shape, smaller, in a data directory the server process opens after loading.
  const directory = join(scratch, 'pglite');
  const pglite = await openPgliteDatabase({ dataDirectory: directory });
  let pgliteIngest: { seconds: number; inserted: number };
  try {
    pgliteIngest = await loadTenants(pglite.db, tenants, pgliteDays, 1);
  } finally {
    await pglite.close();
  }
  const pgliteWindow = readWindow(pgliteDays);
  lines.push(
    `PGlite: ingest of ${pgliteIngest.inserted.toLocaleString('en')} points ${pgliteIngest.seconds.toFixed(2)} s`,
  );
  for (const route of routes) {
    for (const readCache of cacheModes) {
      const result = await measureServer(
        { engine: 'pglite', location: directory, secret, workers: 1, connections: 1, readCache },
        { ...routeLoad(route, pgliteWindow, tenants), tokens, connections, seconds },
      );
      lines.push(
        describeLoad(`PGlite, ${route} read, 1 process, cache ${readCache ? 'on ' : 'off'}`, result),
      );
    }
  }
  lines.push(
    'Targets: >= 10,000 req/s, p99 < 50 ms, 0 wrong-tenant rows on PostgreSQL; >= 1,000 req/s on PGlite.',
  );
  rmSync(scratch, { recursive: true, force: true });
  return lines.join('\n');
}

/** {@link ServerBenchOptions} from `BENCH_SERVER_*` environment variables (unset: full scale). */
export function serverBenchOptionsFromEnvironment(): ServerBenchOptions {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const workers = process.env.BENCH_SERVER_WORKERS?.split(',').map(Number);
  const options: Record<string, unknown> = {
    tenants: number('BENCH_SERVER_TENANTS'),
    days: number('BENCH_SERVER_DAYS'),
    pgliteDays: number('BENCH_SERVER_PGLITE_DAYS'),
    seconds: number('BENCH_SERVER_SECONDS'),
    connections: number('BENCH_SERVER_CONNECTIONS'),
    poolSize: number('BENCH_SERVER_POOL'),
    ingestConcurrency: number('BENCH_SERVER_INGEST_CONCURRENCY'),
    workers,
    routes: process.env.BENCH_SERVER_ROUTES?.split(',') as BenchRoute[] | undefined,
    readCache: process.env.BENCH_SERVER_CACHE?.split(',').map((mode) => mode === 'on'),
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
