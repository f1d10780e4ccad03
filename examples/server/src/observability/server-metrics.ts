import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { isCancelled } from '../jobs/worker-pool.js';
import { LatencyHistogram } from './latency-histogram.js';

/** The engines whose runs are timed. */
export type EngineName = 'forecast' | 'optimization' | 'evidence';

/** How an engine run or a job ended. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

const engineNames: readonly EngineName[] = ['forecast', 'optimization', 'evidence'];
const runOutcomes: readonly RunOutcome[] = ['succeeded', 'failed', 'cancelled'];

/**
 * One server's Prometheus metrics, in a registry of its own (two servers in a process never mix counts). No
 * label ever holds a tenant id, a raw URL or a metric name: routes are labelled by pattern, so the number of
 * series is bounded by the code, not by traffic.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Per method, route pattern (`unmatched` for 404s outside every route) and status code. */
  readonly httpRequests = new LatencyHistogram(
    'dyocense_http_request_duration_seconds',
    'HTTP request duration in seconds, by method, route pattern and status code',
    ['method', 'route', 'status_code'],
  );
  /** Per statement kind (`select`, `insert`, `update`, `delete`, `merge`, `raw`, `other`). */
  readonly dbQueries = new LatencyHistogram(
    'dyocense_db_query_duration_seconds',
    'Database query duration in seconds (from compile to result, as the app sees it), by statement kind',
    ['operation'],
  );
  readonly engineRuns = new Histogram({
    name: 'dyocense_engine_run_duration_seconds',
    help: 'Engine run duration in seconds (forecast fits, optimisation solves, evidence analyses), by engine and outcome',
    labelNames: ['engine', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'dyocense_job_runs_total',
    help: 'Background jobs finished, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly metricPointsIngested = new Counter({
    name: 'dyocense_metric_points_ingested_total',
    help: 'Metric points written by ingest requests (JSON and file upload): inserted (new) or updated (changed value)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly forecastsCreated = new Counter({
    name: 'dyocense_forecasts_created_total',
    help: 'Forecasts computed and stored through the API',
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, heap, GC and event loop lag (nodejs_eventloop_lag_*), sampled at scrape time.
    collectDefaultMetrics({ register: this.registry });
    // Known series start at zero, so rates and dashboards see them before the first event.
    for (const engine of engineNames)
      for (const outcome of runOutcomes) this.engineRuns.zero({ engine, outcome });
    for (const outcome of runOutcomes) this.jobRuns.inc({ kind: 'optimization', outcome }, 0);
    for (const result of ['inserted', 'updated']) this.metricPointsIngested.inc({ result }, 0);
    this.forecastsCreated.inc(0);
  }

  /**
   * Runs `run` and records its duration under `engine`, as succeeded, failed or cancelled (a cancelled task's
   * rejection, see `isCancelled`). `run` may call `markStart` when the work itself begins (a worker took it), so
   * waiting in a queue is not counted. Rethrows what `run` throws.
   */
  async timeEngine<T>(engine: EngineName, run: (markStart: () => void) => T | Promise<T>): Promise<T> {
    let started = performance.now();
    let outcome: RunOutcome = 'failed';
    try {
      const result = await run(() => {
        started = performance.now();
      });
      outcome = 'succeeded';
      return result;
    } catch (error) {
      if (isCancelled(error)) outcome = 'cancelled';
      throw error;
    } finally {
      this.engineRuns.observe({ engine, outcome }, (performance.now() - started) / 1000);
    }
  }

  /** Records an engine run timed elsewhere (e.g. from a worker's start to the run's end). */
  recordEngineRun(engine: EngineName, outcome: RunOutcome, seconds: number): void {
    this.engineRuns.observe({ engine, outcome }, seconds);
  }

  /** Counts one finished background job. */
  recordJob(kind: string, outcome: RunOutcome): void {
    this.jobRuns.inc({ kind, outcome });
  }

  /** Content type of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text format (version 0.0.4). */
  async render(): Promise<string> {
    return [
      await this.registry.metrics(),
      this.httpRequests.countsToText(
        'dyocense_http_requests_total',
        'HTTP requests answered, by method, route pattern and status code',
      ),
      this.httpRequests.toText(),
      this.dbQueries.toText(),
    ].join('\n');
  }
}

/** A fresh set of server metrics with its own registry (process metrics included). */
export function createServerMetrics(): ServerMetrics {
  return new ServerMetrics();
}
