import { PassThrough } from 'node:stream';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { Kysely } from 'kysely';
import type { JobRunner, RunEvent, RunProgress } from './job-runner.js';
import { isFinal, type RunView, readRun } from './optimization-runs.js';

/** One Server-Sent Event: a name and a JSON payload on one `data:` line (JSON has no raw newlines). */
export function formatServerSentEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function finalEvent(run: RunView): RunEvent {
  const type = run.status === 'succeeded' ? 'done' : run.status === 'cancelled' ? 'cancelled' : 'failed';
  return { type, data: run };
}

function storedProgress(run: RunView): RunProgress {
  return {
    id: run.id,
    status: run.status === 'running' ? 'running' : 'queued',
    stage: run.status,
    elapsedSeconds: Math.round((Date.now() - Date.parse(run.createdAt)) / 10) / 100,
    timeLimitSeconds: null,
    budgetUsed: null,
  };
}

/** What a watcher of a live run receives: progress, then one final event (`type` names it). */
export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
}

/** How {@link createEventStream} follows one kind of run. */
export interface EventSource<Run> {
  /** The run as just read in the caller's tenant transaction (so it exists and is the caller's). */
  readonly run: Run;
  isFinal(run: Run): boolean;
  /** The final event of a finished run. */
  finalEvent(run: Run): StreamEvent;
  /** A progress event built from the stored run (followed from the database). */
  storedProgress(run: Run): StreamEvent;
  /** Re-reads the run (undefined: gone). */
  read(): Promise<Run | undefined>;
  /** Follows the run live in this process: its current progress and how to stop; undefined when not live here. */
  watch(listener: (event: StreamEvent) => void): { progress: StreamEvent; stop: () => void } | undefined;
  /** Aborts when the server closes: the stream then ends. */
  readonly closing: AbortSignal;
  /** How often the stored run is re-read; default 1000 ms. */
  readonly pollMs?: number;
  /**
   * Also re-read the stored run while following it live: for runs whose later attempts may run in another process
   * (retried jobs), so their final event arrives wherever they finish. Default false.
   */
  readonly pollWhileLive?: boolean;
}

/**
 * The events of one run as a `text/event-stream` body: `progress` events while it is unfinished, then one final
 * event, then the stream ends. A run live in this process is followed through its events; otherwise (or also,
 * with `pollWhileLive`) the stored run is re-read every `pollMs`. The stream also ends when the server closes;
 * destroying it (the client went away) stops the following.
 */
export function createEventStream<Run>(source: EventSource<Run>): PassThrough {
  const stream = new PassThrough();
  const stops: (() => void)[] = [];
  let ended = false;
  const send = (event: StreamEvent) => {
    if (!ended) stream.write(formatServerSentEvent(event.type, event.data));
  };
  const end = () => {
    if (ended) return;
    ended = true;
    for (const stop of stops) stop();
    stream.end();
  };
  stream.on('close', end);
  if (source.isFinal(source.run)) {
    send(source.finalEvent(source.run));
    end();
    return stream;
  }
  const onClosing = () => end();
  source.closing.addEventListener('abort', onClosing, { once: true });
  stops.push(() => source.closing.removeEventListener('abort', onClosing));
  if (source.closing.aborted) {
    end();
    return stream;
  }
  const listener = (event: StreamEvent) => {
    send(event);
    if (event.type !== 'progress') end();
  };
  // Follows the run live from now on when it runs in this process; false when it does not (yet).
  const attach = (): boolean => {
    const watching = source.watch(listener);
    if (watching === undefined) return false;
    stops.push(watching.stop);
    send(watching.progress);
    return true;
  };
  let live = attach();
  if (live && !source.pollWhileLive) return stream;
  // Not live here: queued, finished a moment ago, or another process runs it.
  if (!live) send(source.storedProgress(source.run));
  const poll = async () => {
    if (ended) return;
    // A queued run may have started here since the last look (a job picked up by this process's worker).
    if (!live && source.pollWhileLive) live = attach();
    if (ended) return;
    try {
      const current = await source.read();
      if (current === undefined || source.isFinal(current)) {
        if (current !== undefined) send(source.finalEvent(current));
        end();
        return;
      }
      if (!live) send(source.storedProgress(current));
    } catch {
      // The database is away for a moment: the next poll tries again.
    }
    if (!ended) timer = setTimeout(poll, source.pollMs ?? 1000);
  };
  let timer = setTimeout(poll, live ? (source.pollMs ?? 1000) : 0);
  stops.push(() => clearTimeout(timer));
  return stream;
}

/** Options of {@link createRunEventStream}. */
export interface RunEventStreamOptions {
  readonly db: Kysely<DyocenseSchema>;
  readonly jobs: JobRunner;
  readonly tenantId: string;
  /** The run as just read in the caller's tenant transaction (so it exists and is the caller's). */
  readonly run: RunView;
  /** How often a run that is not live in this process is re-read; default 1000 ms. */
  readonly pollMs?: number;
}

/**
 * The events of one optimisation run ({@link createEventStream}): `progress` events while it is unfinished, then
 * one final event named after its status (`done`, `failed` or `cancelled`, carrying the run as `GET` answers it).
 */
export function createRunEventStream(options: RunEventStreamOptions): PassThrough {
  const { db, jobs, tenantId, run } = options;
  return createEventStream<RunView>({
    run,
    isFinal: (current) => isFinal(current.status),
    finalEvent,
    storedProgress: (current) => ({ type: 'progress', data: storedProgress(current) }),
    read: () => withTenant(db, tenantId, (trx) => readRun(trx, tenantId, run.id)),
    watch(listener) {
      const watching = jobs.watch(tenantId, run.id, listener);
      return watching === undefined
        ? undefined
        : { progress: { type: 'progress', data: watching.progress }, stop: watching.stop };
    },
    closing: jobs.closing,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
}
