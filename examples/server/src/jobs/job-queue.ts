import { DyocenseError } from '@dyocense/core';
import { appRole, type DyocenseSchema } from '@dyocense/core/db';
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';

/** Schema pg-boss keeps its queue in (created by the owner at `dyocense migrate`, never by the app role). */
export const pgBossSchema = 'pgboss';

/** The queues the server works. Fixed names: the owner creates them, since creating a queue is DDL in pg-boss 10. */
export const queueNames = {
  /** One connector sync: `{ tenantId, syncRunId }`. */
  sync: 'dyocense-sync',
  /** Every minute (pg-boss cron): enqueue the syncs whose schedule is due. No payload. */
  scheduleTick: 'dyocense-schedule-tick',
  /** Recompute a tenant's latest forecast of one metric: `{ tenantId, metric }`. */
  forecastRefresh: 'dyocense-forecast-refresh',
  /** Daily (pg-boss cron): apply every tenant's retention policy. No payload. */
  retention: 'dyocense-retention',
} as const;

/** pg-boss's own queue that turns cron schedules into jobs (its timekeeper would create it, which the app cannot). */
const cronQueue = '__pgboss__send-it';

/**
 * Retries of a failed sync: 3 more attempts after 30 s, 60 s, 120 s (pg-boss's exponential back-off with jitter),
 * then the run is recorded as failed. Stored on the queue by the owner, so every sender gets them.
 */
export const syncRetryPolicy = { retryLimit: 3, retryDelay: 30, retryBackoff: true } as const;

const queueOptions: Record<string, PgBoss.Queue> = {
  [queueNames.sync]: { name: queueNames.sync, ...syncRetryPolicy, expireInSeconds: 3_600 },
  [queueNames.scheduleTick]: { name: queueNames.scheduleTick, retryLimit: 0, expireInSeconds: 300 },
  [queueNames.forecastRefresh]: {
    name: queueNames.forecastRefresh,
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 900,
  },
  // pg-boss's cron sends one job per slot however many servers run. A tenant's failure does not fail the job
  // (runRetentionTick records it and goes on); one retry an hour later covers a database that was away.
  [queueNames.retention]: {
    name: queueNames.retention,
    retryLimit: 1,
    retryDelay: 3_600,
    expireInSeconds: 4 * 3_600,
  },
  [cronQueue]: { name: cronQueue },
};

/** The minute tick that enqueues due scheduled syncs (pg-boss cron resolution is one minute). */
const tickCron = '* * * * *';

/** The daily retention run: 02:30 UTC, a quiet hour for most tenants. */
export const retentionCron = '30 2 * * *';

/**
 * pg-boss's database adapter over a kysely handle or transaction: every statement pg-boss sends runs on our pool
 * (one code path on PostgreSQL and PGlite), and a transaction's adapter enqueues jobs atomically with its writes.
 */
export function toPgBossDb(executor: Kysely<DyocenseSchema> | Transaction<DyocenseSchema>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  } as PgBoss.Db;
}

/** True on embedded PGlite (whose session is a superuser underneath the app role it switched to). */
export async function isPglite(db: Kysely<DyocenseSchema>): Promise<boolean> {
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  return rows[0]?.version.includes('PGlite') ?? false;
}

async function install(executor: Kysely<DyocenseSchema>): Promise<void> {
  const boss = new PgBoss({
    db: toPgBossDb(executor),
    schema: pgBossSchema,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  // start() creates the schema, or migrates an older one, under pg-boss's advisory lock (safe to race).
  await boss.start();
  try {
    for (const queue of Object.values(queueOptions)) {
      await boss.createQueue(queue.name, queue);
      await boss.updateQueue(queue.name, queue);
    }
    await boss.schedule(queueNames.scheduleTick, tickCron, {}, { tz: 'UTC' });
    await boss.schedule(queueNames.retention, retentionCron, {}, { tz: 'UTC' });
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
  // Exactly what the workers need: no DDL, no queue creation (create_queue/delete_queue run DDL), no TRUNCATE.
  for (const statement of [
    `revoke all on schema ${pgBossSchema} from public`,
    `grant usage on schema ${pgBossSchema} to ${appRole}`,
    `revoke all on all tables in schema ${pgBossSchema} from public`,
    `revoke all on all functions in schema ${pgBossSchema} from public`,
    `grant select on ${pgBossSchema}.queue, ${pgBossSchema}.schedule to ${appRole}`,
    // Debounce timestamps of cron, maintenance and monitoring (`update version set cron_on = now() ...`).
    `grant select, update on ${pgBossSchema}.version to ${appRole}`,
    // Fetch, complete, fail and retry (fail deletes and re-inserts), expire.
    `grant select, insert, update, delete on ${pgBossSchema}.job to ${appRole}`,
    // Maintenance moves finished jobs to the archive and drops old ones; reads by id look there too.
    `grant select, insert, delete on ${pgBossSchema}.archive to ${appRole}`,
  ]) {
    await sql.raw(statement).execute(executor);
  }
}

/**
 * Creates or updates pg-boss's schema, the server's queues with their retry policies, the minute tick and daily
 * retention schedules, and the app role's grants (table-wide in pg-boss's schema, so they cover every queue). Run it as the owner (`dyocense migrate` does, after the migrations): the app role
 * owns nothing and can run no DDL. On PGlite, call it with the app's handle: it steps back to the session's
 * superuser on one pinned connection for the install, and back to the app role afterwards. Idempotent.
 *
 * @throws DyocenseError `internal` when the install fails.
 */
export async function installJobQueue(db: Kysely<DyocenseSchema>): Promise<void> {
  try {
    if (await isPglite(db)) {
      await db.connection().execute(async (connection) => {
        await sql`reset role`.execute(connection);
        try {
          await install(connection);
        } finally {
          await sql.raw(`set role ${appRole}`).execute(connection);
        }
      });
    } else {
      await install(db);
    }
  } catch (error) {
    throw new DyocenseError({
      code: 'internal',
      message: `Installing the job queue (pg-boss) failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

/** Options of {@link startJobQueue}. */
export interface JobQueueOptions {
  /** Seconds between polls of a worker; default 2 (pg-boss's). */
  readonly pollingIntervalSeconds?: number;
  /** Called with pg-boss's background errors (a poll that failed while the database was away). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Starts pg-boss for the app role over the app's own pool: never migrates (it cannot), checks the installed
 * version, supervises (expiry, archive) and runs the cron timekeeper.
 *
 * @throws DyocenseError `conflict` when the job queue is not installed or at another version (run `dyocense migrate`).
 */
export async function startJobQueue(
  db: Kysely<DyocenseSchema>,
  options: JobQueueOptions = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    db: toPgBossDb(db),
    schema: pgBossSchema,
    migrate: false,
    supervise: true,
    schedule: true,
    cronWorkerIntervalSeconds: 1,
    maintenanceIntervalSeconds: 60,
  });
  boss.on('error', (error) => options.onError?.(error));
  try {
    await boss.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DyocenseError({
      code: 'conflict',
      message: `The job queue is not ready (${message}): run \`dyocense migrate\` with the owner's URL`,
      cause: error,
    });
  }
  return boss;
}
