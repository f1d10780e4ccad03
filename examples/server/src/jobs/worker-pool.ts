import { Worker } from 'node:worker_threads';
import { DyocenseError, type ErrorCode, type ErrorIssue } from '@dyocense/core';
import type { JobTask, SerializedError, WorkerMessage } from './job-task.js';

/** How one task is run: cancellation and callbacks (all optional). */
export interface RunTaskOptions {
  /** Aborting removes a waiting task from the queue, or terminates the worker running it. */
  readonly signal?: AbortSignal;
  /** Called when a worker takes the task. */
  readonly onStart?: () => void;
  /** Called with each stage the worker reports (`solving`, `fitting`). */
  readonly onProgress?: (stage: string) => void;
}

interface Pending {
  readonly taskId: number;
  readonly task: JobTask;
  readonly options: RunTaskOptions;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
}

function workerEntry(): { url: URL; execArgv: string[] | undefined } {
  // From TypeScript sources (tests) a small bootstrap registers tsx's loader in the worker.
  if (!import.meta.url.endsWith('.ts'))
    return { url: new URL('./job-worker.js', import.meta.url), execArgv: undefined };
  return {
    url: new URL('./job-worker-source.mjs', import.meta.url),
    execArgv: ['--conditions=@dyocense/source'],
  };
}

/** The error a cancelled task rejects with (the optimizer's own convention for a cancelled solve). */
export function cancelledError(reason: unknown): DyocenseError {
  return new DyocenseError({
    code: 'solver_timeout',
    message: typeof reason === 'string' ? reason : 'The job was cancelled',
    details: { cancelled: true },
  });
}

/** True for the rejection of a cancelled task. */
export function isCancelled(error: unknown): boolean {
  return DyocenseError.isInstance(error) && error.details.cancelled === true;
}

function toError(error: SerializedError): DyocenseError {
  return new DyocenseError({
    code: error.code as ErrorCode,
    message: error.message,
    issues: error.issues as ErrorIssue[],
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}

/**
 * A bounded set of worker threads for engine tasks, so CPU-bound solves and fits never block the event loop. At
 * most `size` tasks run at once; the rest wait in arrival order. A worker runs one task at a time and is kept
 * for the next one; a cancelled task's worker is terminated (the engines' solves are synchronous, so only a
 * separate thread can be stopped mid-search) and replaced on demand.
 */
export class WorkerPool {
  readonly #size: number;
  readonly #queue: Pending[] = [];
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Pending>();
  #nextTaskId = 1;
  #closed = false;

  /** @param size Most tasks run at once (worker threads), at least 1. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `A worker pool needs a size >= 1, got ${size}`,
      });
    }
    this.#size = size;
  }

  /** Tasks waiting for a worker. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#busy.size;
  }

  /**
   * Runs `task` in a worker thread and resolves with the engine's result.
   *
   * @throws DyocenseError as the engine does; `solver_timeout` with `details.cancelled` when `signal` aborts;
   *   `internal` when the worker crashes or the pool is closed.
   */
  run<Result>(task: JobTask, options: RunTaskOptions = {}): Promise<Result> {
    if (this.#closed) {
      return Promise.reject(new DyocenseError({ code: 'internal', message: 'The worker pool is closed' }));
    }
    if (options.signal?.aborted === true) return Promise.reject(cancelledError(options.signal.reason));
    return new Promise<Result>((resolve, reject) => {
      const pending: Pending = {
        taskId: this.#nextTaskId++,
        task,
        options,
        resolve: resolve as (result: unknown) => void,
        reject,
      };
      options.signal?.addEventListener('abort', () => this.#cancel(pending), { once: true });
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /** Rejects waiting tasks, terminates every worker (running tasks reject as cancelled) and refuses new tasks. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0))
      pending.reject(cancelledError('The server is shutting down'));
    const workers = [...this.#idle.splice(0), ...this.#busy.keys()];
    for (const [, pending] of this.#busy) pending.reject(cancelledError('The server is shutting down'));
    this.#busy.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #cancel(pending: Pending): void {
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      pending.reject(cancelledError(pending.options.signal?.reason));
      return;
    }
    for (const [worker, running] of this.#busy) {
      if (running !== pending) continue;
      this.#busy.delete(worker);
      void worker.terminate();
      pending.reject(cancelledError(pending.options.signal?.reason));
      this.#dispatch();
      return;
    }
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && this.#busy.size < this.#size && !this.#closed) {
      const pending = this.#queue.shift() as Pending;
      const worker = this.#idle.pop() ?? this.#spawn();
      worker.ref();
      this.#busy.set(worker, pending);
      pending.options.onStart?.();
      worker.postMessage({ taskId: pending.taskId, task: pending.task });
    }
  }

  #spawn(): Worker {
    const { url, execArgv } = workerEntry();
    const worker = new Worker(url, execArgv === undefined ? {} : { execArgv });
    worker.on('message', (message: WorkerMessage) => {
      const pending = this.#busy.get(worker);
      if (pending === undefined || pending.taskId !== message.taskId) return;
      if (message.type === 'progress') {
        pending.options.onProgress?.(message.stage);
        return;
      }
      this.#busy.delete(worker);
      if (message.type === 'result') pending.resolve(message.result);
      else pending.reject(toError(message.error));
      // An idle worker must not keep the process alive.
      worker.unref();
      this.#idle.push(worker);
      this.#dispatch();
    });
    const fail = (error: Error) => {
      const pending = this.#busy.get(worker);
      this.#busy.delete(worker);
      const idle = this.#idle.indexOf(worker);
      if (idle >= 0) this.#idle.splice(idle, 1);
      pending?.reject(
        new DyocenseError({ code: 'internal', message: `Job worker failed: ${error.message}`, cause: error }),
      );
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      // Terminated workers were already removed; an unexpected exit fails its task.
      if (this.#busy.has(worker) || this.#idle.includes(worker)) fail(new Error(`exited with code ${code}`));
    });
    return worker;
  }
}
