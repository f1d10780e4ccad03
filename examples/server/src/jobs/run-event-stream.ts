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
 * The events of one run as a `text/event-stream` body: `progress` events while it is unfinished, then one final
 * event named after its status (`done`, `failed` or `cancelled`, carrying the run as `GET` answers it), then the
 * stream ends. A run live in this process is followed through its events; any other unfinished run (started by
 * another process) is re-read from the database every `pollMs`. The stream also ends when the runner closes;
 * destroying it (the client went away) stops the following.
 */
export function createRunEventStream(options: RunEventStreamOptions): PassThrough {
  const { db, jobs, tenantId, run } = options;
  const stream = new PassThrough();
  const stops: (() => void)[] = [];
  let ended = false;
  const send = (event: RunEvent) => {
    if (!ended) stream.write(formatServerSentEvent(event.type, event.data));
  };
  const end = () => {
    if (ended) return;
    ended = true;
    for (const stop of stops) stop();
    stream.end();
  };
  stream.on('close', end);
  if (isFinal(run.status)) {
    send(finalEvent(run));
    end();
    return stream;
  }
  const onClosing = () => end();
  jobs.closing.addEventListener('abort', onClosing, { once: true });
  stops.push(() => jobs.closing.removeEventListener('abort', onClosing));
  if (jobs.closing.aborted) {
    end();
    return stream;
  }
  const watching = jobs.watch(tenantId, run.id, (event) => {
    send(event);
    if (event.type !== 'progress') end();
  });
  if (watching !== undefined) {
    stops.push(watching.stop);
    send({ type: 'progress', data: watching.progress });
    return stream;
  }
  // Not live here: it finished a moment ago, or another process runs it.
  send({ type: 'progress', data: storedProgress(run) });
  const poll = async () => {
    if (ended) return;
    try {
      const current = await withTenant(db, tenantId, (trx) => readRun(trx, tenantId, run.id));
      if (current === undefined || isFinal(current.status)) {
        if (current !== undefined) send(finalEvent(current));
        end();
        return;
      }
      send({ type: 'progress', data: storedProgress(current) });
    } catch {
      // The database is away for a moment: the next poll tries again.
    }
    if (!ended) timer = setTimeout(poll, options.pollMs ?? 1000);
  };
  let timer = setTimeout(poll, 0);
  stops.push(() => clearTimeout(timer));
  return stream;
}
