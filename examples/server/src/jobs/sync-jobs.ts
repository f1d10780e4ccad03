import { DyocenseError } from '@dyocense/core';
import { archiveDirectoryFromEnvironment, type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { SecretKeyring } from '@dyocense/core/secrets';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { ConnectorCatalog } from '../data-sources/connector-catalog.js';
import { notFound } from '../http-error.js';
import { audit } from '../metric-store.js';
import { type RetentionRun, runRetentionTick } from '../retention-job.js';
import { forecastRefreshJobSchema, refreshForecast } from './forecast-refresh.js';
import { installJobQueue, isPglite, queueNames, startJobQueue, toPgBossDb } from './job-queue.js';
import type { JobRunner } from './job-runner.js';
import type { StreamEvent } from './run-event-stream.js';
import { isPermanentSyncError, runSync, type SyncDependencies, type SyncProgress } from './sync-runner.js';
import { insertSyncRun, recordSyncFailure, type SyncRunView, startSyncAttempt } from './sync-runs.js';
import { type FiredSchedule, runScheduleTick } from './sync-schedule.js';

/**
 * A sync job's payload: ids only. The tenant travels in the job and the worker applies it with `withTenant` (role
 * `dyocense_app`, never the owner), so the job can reach no other tenant's rows: the run and data source are
 * read through row-level security, and a payload naming tenant A with tenant B's run finds nothing and writes
 * nothing.
 */
export const syncJobSchema = z.object({ tenantId: z.uuid(), syncRunId: z.uuid() });

/** Options of {@link SyncJobs}. */
export interface SyncJobsOptions {
  readonly db: Kysely<DyocenseSchema>;
  readonly connectors: ConnectorCatalog;
  readonly keyring: SecretKeyring | undefined;
  /** Computes refreshed forecasts in its worker threads. */
  readonly runner: JobRunner;
  readonly logger?: FastifyBaseLogger;
  /** Seconds between job polls; default 2. */
  readonly pollingIntervalSeconds?: number;
  /** Per-job retry override (default: the queue's {@link syncRetryPolicy}); `delaySeconds` is the first back-off. */
  readonly retry?: { readonly limit: number; readonly delaySeconds: number };
  /** See {@link SyncDependencies.contextFor}. */
  readonly contextFor?: SyncDependencies['contextFor'];
  /** Counts finished jobs (`sync`, `forecast_refresh`, `retention` per tenant) by outcome, e.g. Prometheus. */
  readonly metrics?: { recordJob(kind: string, outcome: 'succeeded' | 'failed'): void };
  /** Where the daily retention job writes Parquet archives; default {@link archiveDirectoryFromEnvironment}. */
  readonly archiveDirectory?: string;
}

interface LiveSync {
  readonly listeners: Set<(event: StreamEvent) => void>;
  readonly progress: SyncProgress;
  readonly controller: AbortController;
  attempt: number;
}

const progressEvent = (id: string, live: LiveSync): StreamEvent => ({
  type: 'progress',
  data: {
    id,
    status: 'running',
    attempt: live.attempt,
    rowsRead: live.progress.rowsRead,
    pointsWritten: live.progress.pointsWritten,
  },
});

/** The final event of a finished sync run: `done` or `failed`, carrying the run. */
export function syncFinalEvent(run: SyncRunView): StreamEvent {
  return { type: run.status === 'succeeded' ? 'done' : 'failed', data: run };
}

/** Milliseconds between progress events of a live sync. */
const progressEveryMs = 250;

/**
 * Scheduled and requested connector syncs and forecast refreshes, on pg-boss over the app's own pool (PostgreSQL
 * and PGlite alike). Each sync attempt is one transaction ({@link runSync}); a failed attempt is retried with
 * exponential back-off and recorded on its run; the last failure marks the run failed. A successful sync queues a
 * refresh of every stored forecast of the metrics it wrote.
 */
export class SyncJobs {
  readonly #options: SyncJobsOptions;
  readonly #db: Kysely<DyocenseSchema>;
  readonly #live = new Map<string, LiveSync>();
  readonly #closing = new AbortController();
  #boss: PgBoss | undefined;

  constructor(options: SyncJobsOptions) {
    this.#options = options;
    this.#db = options.db;
  }

  /** Aborts when the jobs stop. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  /**
   * Starts pg-boss and the workers. On PGlite it first installs the job queue itself (PGlite migrates on open);
   * on PostgreSQL `dyocense migrate` must have.
   *
   * @throws DyocenseError `conflict` when the job queue is not installed.
   */
  async start(): Promise<void> {
    if (this.#boss !== undefined) return;
    if (await isPglite(this.#db)) await installJobQueue(this.#db);
    const logger = this.#options.logger;
    const boss = await startJobQueue(this.#db, {
      onError: (error) => logger?.warn({ err: error }, 'job queue background error'),
    });
    this.#boss = boss;
    const polling = { pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 2 };
    await boss.work(queueNames.sync, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) =>
      job === undefined ? undefined : this.#runSyncJob(job),
    );
    await boss.work(queueNames.scheduleTick, polling, async () => {
      await this.tick();
    });
    await boss.work(queueNames.retention, polling, async () => {
      const run = await this.retention();
      const failed = Object.entries(run).flatMap(([tenantId, outcome]) =>
        'error' in outcome ? [tenantId] : [],
      );
      return { tenants: Object.keys(run).length, failed };
    });
    await boss.work(queueNames.forecastRefresh, { ...polling, batchSize: 1 }, async ([job]) => {
      if (job === undefined) return undefined;
      const { tenantId, metric } = forecastRefreshJobSchema.parse(job.data);
      try {
        const forecastId = await refreshForecast(this.#db, this.#options.runner, tenantId, metric);
        this.#options.metrics?.recordJob('forecast_refresh', 'succeeded');
        return { forecastId };
      } catch (error) {
        this.#options.metrics?.recordJob('forecast_refresh', 'failed');
        throw error;
      }
    });
  }

  /** Stops polling, cancels live syncs (their transactions roll back) and waits for the workers. Safe to call twice. */
  async stop(): Promise<void> {
    this.#closing.abort('The server is shutting down');
    for (const live of this.#live.values()) live.controller.abort('The server is shutting down');
    const boss = this.#boss;
    this.#boss = undefined;
    await boss?.stop({ graceful: true, close: false, wait: true, timeout: 5_000 });
  }

  /**
   * Queues a sync of the tenant's data source now: the run (trigger `manual`) and its job are stored in one
   * transaction, and the request is audited.
   *
   * @throws DyocenseError `not_found` when the data source is missing or another tenant's.
   */
  async trigger(tenantId: string, dataSourceId: string, subject: string): Promise<SyncRunView> {
    return withTenant(this.#db, tenantId, async (trx) => {
      const source = await trx
        .selectFrom('data_sources')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', dataSourceId)
        .executeTakeFirst();
      if (source === undefined) throw notFound('data source');
      const run = await insertSyncRun(trx, tenantId, dataSourceId, 'manual');
      await this.#enqueueSync(trx, { tenantId, syncRunId: run.id });
      await audit(trx, tenantId, {
        action: 'data_sources.sync',
        subject,
        targetType: 'sync_run',
        targetId: run.id,
        detail: { dataSourceId },
      });
      return run;
    });
  }

  /** One scheduler tick at `now` ({@link runScheduleTick}); pg-boss calls it every minute. */
  tick(now: Date = new Date()): Promise<FiredSchedule[]> {
    return runScheduleTick(this.#db, (trx, job) => this.#enqueueSync(trx, job), now);
  }

  /**
   * One daily retention run at `now` ({@link runRetentionTick}); pg-boss calls it on its cron. A tenant's failure
   * is logged and counted, and the other tenants still run.
   */
  async retention(now: Date = new Date()): Promise<RetentionRun> {
    const run = await runRetentionTick(this.#db, {
      archiveDirectory: this.#options.archiveDirectory ?? archiveDirectoryFromEnvironment(),
      now,
    });
    for (const [tenantId, outcome] of Object.entries(run)) {
      if ('error' in outcome) {
        this.#options.logger?.warn({ tenantId, err: outcome.error }, 'retention failed for a tenant');
        this.#options.metrics?.recordJob('retention', 'failed');
      } else {
        this.#options.metrics?.recordJob('retention', 'succeeded');
      }
    }
    return run;
  }

  /** Queues a refresh of the tenant's forecast of `metric`, in `trx` when given. */
  async enqueueForecastRefresh(
    tenantId: string,
    metric: string,
    trx?: Transaction<DyocenseSchema>,
  ): Promise<void> {
    const boss = this.#requireBoss();
    await boss.send(queueNames.forecastRefresh, forecastRefreshJobSchema.parse({ tenantId, metric }), {
      ...(trx === undefined ? {} : { db: toPgBossDb(trx) }),
    });
  }

  /**
   * Follows a sync attempt running in this process: the listener gets its progress events and, if it ends the
   * run, the final event. Undefined when no attempt of the run runs here.
   */
  watch(
    tenantId: string,
    id: string,
    listener: (event: StreamEvent) => void,
  ): { progress: StreamEvent; stop: () => void } | undefined {
    const live = this.#live.get(`${tenantId}/${id}`);
    if (live === undefined) return undefined;
    live.listeners.add(listener);
    return { progress: progressEvent(id, live), stop: () => live.listeners.delete(listener) };
  }

  #requireBoss(): PgBoss {
    if (this.#boss === undefined) {
      throw new DyocenseError({ code: 'unavailable', message: 'The job queue is not running' });
    }
    return this.#boss;
  }

  async #enqueueSync(trx: Transaction<DyocenseSchema>, job: { tenantId: string; syncRunId: string }) {
    const retry = this.#options.retry;
    await this.#requireBoss().send(queueNames.sync, syncJobSchema.parse(job), {
      db: toPgBossDb(trx),
      ...(retry === undefined
        ? {}
        : { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: true }),
    });
  }

  async #runSyncJob(job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
    const parsed = syncJobSchema.safeParse(job.data);
    if (!parsed.success) return { skipped: 'malformed payload' };
    const { tenantId, syncRunId } = parsed.data;
    const started = await withTenant(this.#db, tenantId, (trx) => startSyncAttempt(trx, tenantId, syncRunId));
    // Missing, finished already, or not this tenant's run (row-level security hides it): nothing to do.
    if (started === undefined) return { skipped: 'no such unfinished run' };
    const key = `${tenantId}/${syncRunId}`;
    const live: LiveSync = {
      listeners: new Set(),
      progress: { rowsRead: 0, pointsWritten: 0, pointsDeleted: 0, deletionsSkipped: 0 },
      controller: new AbortController(),
      attempt: started.attempts,
    };
    this.#live.set(key, live);
    const emit = (event: StreamEvent) => {
      for (const listener of live.listeners) listener(event);
    };
    let lastProgress = 0;
    const metrics = new Set<string>();
    try {
      const run = await runSync(
        {
          db: this.#db,
          connectors: this.#options.connectors,
          keyring: this.#options.keyring,
          ...(this.#options.contextFor === undefined ? {} : { contextFor: this.#options.contextFor }),
        },
        tenantId,
        started,
        {
          signal: live.controller.signal,
          progress: live.progress,
          onMetric: (metric) => metrics.add(metric),
          onProgress: () => {
            const now = performance.now();
            if (now - lastProgress < progressEveryMs) return;
            lastProgress = now;
            emit(progressEvent(syncRunId, live));
          },
        },
      );
      emit(syncFinalEvent(run));
      this.#options.metrics?.recordJob('sync', 'succeeded');
      await this.#refreshForecastsOf(tenantId, metrics);
      return { rowsRead: run.rowsRead, pointsWritten: run.pointsWritten };
    } catch (error) {
      const permanent = isPermanentSyncError(error);
      // A sync cut short by a shutdown is retried like a transient failure.
      const final = permanent || job.retryCount >= job.retryLimit;
      const message = error instanceof Error ? error.message : String(error);
      const recorded = await withTenant(this.#db, tenantId, (trx) =>
        recordSyncFailure(trx, tenantId, syncRunId, {
          error: message,
          rowsRead: live.progress.rowsRead,
          final,
        }),
      );
      if (recorded !== undefined)
        emit(final ? syncFinalEvent(recorded) : { type: 'progress', data: recorded });
      this.#options.logger?.warn(
        { syncRunId, attempt: live.attempt, final, err: error },
        final ? 'sync failed' : 'sync attempt failed; retrying',
      );
      // A retry is pg-boss's: a failed job comes back after the back-off; a final failure is recorded and done.
      if (!final) throw error;
      this.#options.metrics?.recordJob('sync', 'failed');
      return { failed: message };
    } finally {
      this.#live.delete(key);
    }
  }

  /** Queues refreshes of the forecasts stored for `metrics` (one per metric), after a successful sync. */
  async #refreshForecastsOf(tenantId: string, metrics: ReadonlySet<string>): Promise<void> {
    if (metrics.size === 0) return;
    try {
      await withTenant(this.#db, tenantId, async (trx) => {
        const forecast = await trx
          .selectFrom('forecasts')
          .select('metric')
          .distinct()
          .where('tenant_id', '=', tenantId)
          .where('metric', 'in', [...metrics])
          .execute();
        for (const { metric } of forecast) await this.enqueueForecastRefresh(tenantId, metric, trx);
      });
    } catch (error) {
      this.#options.logger?.warn({ err: error }, 'could not queue forecast refreshes after a sync');
    }
  }
}
