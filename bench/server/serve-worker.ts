// Child process of the server bench: serves the reference API on PostgreSQL (optionally as a node:cluster of
// workers sharing the port) or on a PGlite directory, and tells its parent `{ ready: true }` over IPC.
import cluster from 'node:cluster';
import { buildServer } from '../../examples/server/src/server.js';
import {
  createPostgresDatabase,
  type DyocenseDatabase,
  openPgliteDatabase,
} from '../../packages/core/src/db/index.js';

/** What the parent passes in `DYOCENSE_BENCH_SERVER` (JSON). */
export interface ServeConfig {
  readonly engine: 'postgres' | 'pglite';
  /** The app login's URL (postgres) or the data directory (pglite). */
  readonly location: string;
  readonly port: number;
  readonly secret: string;
  /** node:cluster workers; 1 serves from this process. */
  readonly workers: number;
  /** `pg` pool size per worker (postgres). */
  readonly connections: number;
  /** Serve with the per-tenant read cache (invalidated through the database's notifications). */
  readonly readCache: boolean;
}

const config = JSON.parse(process.env.DYOCENSE_BENCH_SERVER ?? '{}') as ServeConfig;

async function serve(): Promise<void> {
  const database: DyocenseDatabase =
    config.engine === 'postgres'
      ? createPostgresDatabase({ connectionString: config.location, maxConnections: config.connections })
      : await openPgliteDatabase({ dataDirectory: config.location });
  // No request logs and no effective rate limit: the bench measures the read path, not pino or the limiter
  // (whose plugin still runs on every request).
  const app = await buildServer({
    db: database.db,
    auth: { secret: config.secret },
    logger: false,
    rateLimit: Number.MAX_SAFE_INTEGER,
    ...(config.readCache ? { changes: database } : {}),
  });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  if (!cluster.isWorker) process.send?.({ ready: true });
}

if (config.workers > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let worker = 0; worker < config.workers; worker += 1) cluster.fork();
  cluster.on('listening', () => {
    listening += 1;
    if (listening === config.workers) process.send?.({ ready: true });
  });
  cluster.on('exit', (worker, code) => {
    if (code !== 0) process.stderr.write(`server worker ${worker.process.pid} exited with ${code}\n`);
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  await serve();
}
