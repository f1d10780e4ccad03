import { DyocenseError, type TimeSeriesInput } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { ForecastOptions } from '@dyocense/forecast';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../metric-store.js';
import type { ServerMetrics } from '../observability/server-metrics.js';
import type { ForecastTaskResult, OptimizationKind, SerializedError } from './job-task.js';
import type { OptimizationPlan } from './optimization-request.js';
import {
  finishRun,
  overrunGraceSeconds as graceSeconds,
  insertRun,
  markRunning,
  type RunOutcome,
  type RunView,
} from './optimization-runs.js';
import { isCancelled, WorkerPool } from './worker-pool.js';

/** Progress of an unfinished run, as sent over Server-Sent Events. */
export interface RunProgress {
  readonly id: string;
  readonly status: 'queued' | 'running';
  /** `queued`, `starting`, then the engine's stage (`solving`). */
  readonly stage: string;
  /** Seconds since the run was queued. */
  readonly elapsedSeconds: number;
  /** Seconds the engine may search (its time limit); null when the run is followed from its stored row. */
  readonly timeLimitSeconds: number | null;
  /**
   * Share of the time limit used since the run started, 0 to 1 (a solve ends by then at the latest); null when
   * followed from its stored row.
   */
  readonly budgetUsed: number | null;
}

/** What a watcher of a run receives: progress, then exactly one final event named after the final status. */
export type RunEvent =
  | { readonly type: 'progress'; readonly data: RunProgress }
  | { readonly type: 'done' | 'failed' | 'cancelled'; readonly data: RunView };

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  readonly db: Kysely<DyocenseSchema>;
  /** Optimisation runs solved at once (worker threads); default 2. */
  readonly concurrency?: number;
  /** Forecasts computed at once for requests (their own worker threads); default 2. */
  readonly forecastConcurrency?: number;
  /** Unfinished runs one tenant may have; more are refused with 429. Default 20. */
  readonly maxActivePerTenant?: number;
  /** Milliseconds between progress events of a running run; default 1000. */
  readonly heartbeatMs?: number;
  readonly logger?: FastifyBaseLogger;
  /** Where engine durations (forecasts, solves) and run outcomes are counted; default nowhere. */
  readonly metrics?: ServerMetrics;
}

class LiveRun {
  readonly controller = new AbortController();
  readonly listeners = new Set<(event: RunEvent) => void>();
  readonly queuedAt = performance.now();
  status: 'queued' | 'running' = 'queued';
  stage = 'queued';
  startedAt: number | undefined;
  started: Promise<unknown> = Promise.resolve();
  overran = false;
  final!: Promise<RunView>;

  constructor(
    readonly tenantId: string,
    readonly view: RunView,
    readonly timeLimitSeconds: number,
  ) {}

  progress(): RunProgress {
    const now = performance.now();
    const running = this.startedAt === undefined ? 0 : (now - this.startedAt) / 1000;
    return {
      id: this.view.id,
      status: this.status,
      stage: this.stage,
      elapsedSeconds: Math.round((now - this.queuedAt) / 10) / 100,
      timeLimitSeconds: this.timeLimitSeconds,
      budgetUsed: Math.min(1, Math.round((running / this.timeLimitSeconds) * 1000) / 1000),
    };
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function tooMany(limit: number): Error {
  // Mapped to 429 by the error handler, like the rate limiter's own refusals.
  return Object.assign(
    new Error(`This tenant already has ${limit} unfinished optimisation runs; wait or cancel one`),
    {
      statusCode: 429,
    },
  );
}

function serialize(error: unknown): SerializedError {
  if (DyocenseError.isInstance(error)) {
    // Internal failures keep their message in the log only, as the HTTP error handler does.
    if (error.code === 'internal') return { code: 'internal', message: 'Internal error', issues: [] };
    return { code: error.code, message: error.message, issues: error.issues };
  }
  return { code: 'internal', message: 'Internal error', issues: [] };
}

/**
 * Runs optimisations off the request thread: each run is stored in `optimization_runs` (inside `withTenant`),
 * solved in a bounded pool of worker threads, and moves queued -> running -> succeeded | failed | cancelled, every
 * transition persisted in its own tenant transaction. Watchers get progress events and one final event. Request
 * forecasts use a second pool, so a long solve never delays them. {@link close} cancels every unfinished run and
 * records it as cancelled.
 *
 * Runs live in this process: after a crash, a `running` row is read as failed (`interrupted`) once well past its
 * time limit (see `recordInterruptedRuns`); a `queued` row stays until someone cancels it.
 */
export class JobRunner {
  readonly #db: Kysely<DyocenseSchema>;
  readonly #optimizations: WorkerPool;
  readonly #forecasts: WorkerPool;
  readonly #maxActivePerTenant: number;
  readonly #heartbeatMs: number;
  readonly #logger: FastifyBaseLogger | undefined;
  readonly #metrics: ServerMetrics | undefined;
  readonly #live = new Map<string, LiveRun>();
  readonly #closing = new AbortController();
  #accepting = true;

  constructor(options: JobRunnerOptions) {
    this.#db = options.db;
    this.#optimizations = new WorkerPool(options.concurrency ?? 2);
    this.#forecasts = new WorkerPool(options.forecastConcurrency ?? 2);
    this.#maxActivePerTenant = options.maxActivePerTenant ?? 20;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
  }

  /** Aborts when the runner closes: long-lived watchers (event streams) end then. */
  get closing(): AbortSignal {
    return this.#closing.signal;
  }

  /**
   * Stores a queued run (with its audit entry, in one tenant transaction) and starts it when a worker is free.
   *
   * @throws Error with status 429 when the tenant has too many unfinished runs; `internal` when closing.
   */
  async submit(
    tenantId: string,
    subject: string,
    kind: OptimizationKind,
    request: { input: unknown; options: unknown },
    plan: OptimizationPlan,
  ): Promise<RunView> {
    if (!this.#accepting) {
      throw new DyocenseError({ code: 'internal', message: 'The job runner is closed' });
    }
    let active = 0;
    for (const run of this.#live.values()) if (run.tenantId === tenantId) active += 1;
    if (active >= this.#maxActivePerTenant) throw tooMany(this.#maxActivePerTenant);
    const view = await withTenant(this.#db, tenantId, async (trx) => {
      const inserted = await insertRun(trx, tenantId, {
        kind,
        ...request,
        timeLimitSeconds: plan.timeLimitSeconds,
      });
      await audit(trx, tenantId, {
        action: 'optimizations.create',
        subject,
        targetType: 'optimization_run',
        targetId: inserted.id,
        detail: { kind },
      });
      return inserted;
    });
    const run = new LiveRun(tenantId, view, plan.timeLimitSeconds);
    this.#live.set(this.#key(tenantId, view.id), run);
    run.final = this.#execute(run, plan);
    return view;
  }

  /**
   * Follows a run of this process: the listener gets every later event; the current progress is returned.
   * Undefined when the run is not live here (finished, or never ran in this process).
   */
  watch(
    tenantId: string,
    id: string,
    listener: (event: RunEvent) => void,
  ): { progress: RunProgress; stop: () => void } | undefined {
    const run = this.#live.get(this.#key(tenantId, id));
    if (run === undefined) return undefined;
    run.listeners.add(listener);
    return { progress: run.progress(), stop: () => run.listeners.delete(listener) };
  }

  /** The finished run, or undefined when it is not live here or does not finish within `timeoutMs`. */
  async waitFor(tenantId: string, id: string, timeoutMs: number): Promise<RunView | undefined> {
    const run = this.#live.get(this.#key(tenantId, id));
    if (run === undefined) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([run.final, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels a live run and resolves with it as stored; undefined when it is not live here. */
  async cancel(tenantId: string, id: string, reason: string): Promise<RunView | undefined> {
    const run = this.#live.get(this.#key(tenantId, id));
    if (run === undefined) return undefined;
    run.controller.abort(reason);
    return run.final;
  }

  /**
   * Forecasts one series in a worker thread.
   *
   * @throws DyocenseError as the forecast engine does; `solver_timeout` (cancelled) when `signal` aborts.
   */
  forecast(
    series: TimeSeriesInput,
    options: ForecastOptions,
    signal?: AbortSignal,
  ): Promise<ForecastTaskResult> {
    const run = (onStart?: () => void) =>
      this.#forecasts.run<ForecastTaskResult>(
        { kind: 'forecast', series, options },
        { ...(signal === undefined ? {} : { signal }), ...(onStart === undefined ? {} : { onStart }) },
      );
    // Timed from a worker taking the fit, as optimisation solves are.
    return this.#metrics === undefined ? run() : this.#metrics.timeEngine('forecast', run);
  }

  /** Cancels every unfinished run (recorded as cancelled) and ends the watchers; the worker pools stay open. */
  async cancelAll(reason: string): Promise<void> {
    this.#accepting = false;
    const finals = [...this.#live.values()].map((run) => {
      run.controller.abort(reason);
      return run.final;
    });
    // Watchers of live runs end with the final event; only then are the remaining (polling) watchers ended.
    await Promise.allSettled(finals);
    this.#closing.abort(reason);
  }

  /** {@link cancelAll}, then stops every worker thread. Safe to call twice. */
  async close(): Promise<void> {
    await this.cancelAll('The server is shutting down');
    await Promise.all([this.#optimizations.close(), this.#forecasts.close()]);
  }

  #key(tenantId: string, id: string): string {
    return `${tenantId}/${id.toLowerCase()}`;
  }

  async #execute(run: LiveRun, plan: OptimizationPlan): Promise<RunView> {
    const { tenantId, view } = run;
    let guard: ReturnType<typeof setTimeout> | undefined;
    let outcome: RunOutcome;
    // Queued runs beat too, so a watcher sees the run is alive while it waits for a worker.
    const heartbeat = setInterval(
      () => run.emit({ type: 'progress', data: run.progress() }),
      this.#heartbeatMs,
    );
    heartbeat.unref();
    try {
      const result = await this.#optimizations.run(plan.task, {
        signal: run.controller.signal,
        onStart: () => {
          run.status = 'running';
          run.stage = 'starting';
          run.startedAt = performance.now();
          run.started = withTenant(this.#db, tenantId, (trx) => markRunning(trx, tenantId, view.id)).catch(
            (error: unknown) =>
              this.#logger?.error({ err: error, runId: view.id }, 'could not mark a run running'),
          );
          run.emit({ type: 'progress', data: run.progress() });
          guard = setTimeout(
            () => {
              run.overran = true;
              run.controller.abort(
                `The run overran its ${run.timeLimitSeconds} s limit by ${graceSeconds} s`,
              );
            },
            (run.timeLimitSeconds + graceSeconds) * 1000,
          );
          guard.unref();
        },
        onProgress: (stage) => {
          run.stage = stage;
          run.emit({ type: 'progress', data: run.progress() });
        },
      });
      outcome = { status: 'succeeded', result };
    } catch (error) {
      if (isCancelled(error) && !run.overran) {
        const reason = run.controller.signal.reason;
        outcome = { status: 'cancelled', message: typeof reason === 'string' ? reason : 'Cancelled' };
      } else if (run.overran) {
        outcome = {
          status: 'failed',
          error: { code: 'solver_timeout', message: String(run.controller.signal.reason), issues: [] },
        };
      } else {
        if (!DyocenseError.isInstance(error) || error.code === 'internal') {
          this.#logger?.error({ err: error, runId: view.id }, 'optimisation run failed');
        }
        outcome = { status: 'failed', error: serialize(error) };
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(guard);
    }
    const solveEnded = performance.now();
    await run.started;
    let stored: RunView | undefined;
    try {
      stored = await withTenant(this.#db, tenantId, (trx) => finishRun(trx, tenantId, view.id, outcome));
    } catch (error) {
      this.#logger?.error({ err: error, runId: view.id }, 'could not record how a run ended');
    }
    // Without the database the watchers still learn the outcome.
    const final: RunView = stored ?? {
      ...view,
      status: outcome.status,
      finishedAt: new Date().toISOString(),
      ...(outcome.status === 'succeeded' ? { result: outcome.result } : {}),
      ...(outcome.status === 'failed' ? { error: outcome.error } : {}),
      ...(outcome.status === 'cancelled'
        ? { error: { code: 'cancelled', message: outcome.message, issues: [] } }
        : {}),
    };
    this.#live.delete(this.#key(tenantId, view.id));
    this.#metrics?.recordJob('optimization', outcome.status);
    // The solve itself, from a worker taking the run to its end; runs cancelled while queued never started.
    if (run.startedAt !== undefined) {
      this.#metrics?.recordEngineRun('optimization', outcome.status, (solveEnded - run.startedAt) / 1000);
    }
    const type =
      final.status === 'succeeded' ? 'done' : final.status === 'cancelled' ? 'cancelled' : 'failed';
    run.emit({ type, data: final });
    run.listeners.clear();
    return final;
  }
}
