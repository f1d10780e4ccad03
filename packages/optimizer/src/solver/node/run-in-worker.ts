import { Worker } from 'node:worker_threads';
import { DyocenseError, type ErrorCode, type ErrorIssue } from '@dyocense/core';
import type { WorkerReply, WorkerTask } from './worker-task.js';

function workerUrl(): { url: URL; execArgv: string[] | undefined } {
  // From TypeScript sources (tests, benchmarks) a small bootstrap registers tsx's loader in the worker.
  if (!import.meta.url.endsWith('.ts'))
    return { url: new URL('./solve-worker.js', import.meta.url), execArgv: undefined };
  return {
    url: new URL('./solve-worker-source.mjs', import.meta.url),
    execArgv: ['--conditions=@dyocense/source'],
  };
}

/** Extra wall-clock seconds a worker may run past its time limit before it is stopped. */
const graceSeconds = 30;

/**
 * Runs one task in a fresh worker thread. Aborting `signal` terminates the worker at once (HiGHS's solve is
 * synchronous, so only a separate thread can be stopped mid-search); so does overrunning the time limit by
 * {@link graceSeconds}, which guards against a solver phase that ignores its own limit.
 */
export function runInWorker<Result>(
  task: WorkerTask,
  timeLimit: number,
  signal: AbortSignal | undefined,
): Promise<Result> {
  if (signal?.aborted === true) {
    return Promise.reject(
      new DyocenseError({
        code: 'solver_timeout',
        message: 'The solve was cancelled before it started',
        details: { cancelled: true },
      }),
    );
  }
  const { url, execArgv } = workerUrl();
  const worker = new Worker(url, execArgv === undefined ? {} : { execArgv });
  return new Promise<Result>((resolve, reject) => {
    const stop = (error: DyocenseError) => {
      cleanup();
      void worker.terminate();
      reject(error);
    };
    const onAbort = () =>
      stop(
        new DyocenseError({
          code: 'solver_timeout',
          message: 'The solve was cancelled',
          cause: signal?.reason,
          details: { cancelled: true },
        }),
      );
    const guard = setTimeout(
      () =>
        stop(
          new DyocenseError({
            code: 'solver_timeout',
            message: `The solver overran its ${timeLimit} s limit by ${graceSeconds} s and was stopped`,
          }),
        ),
      (timeLimit + graceSeconds) * 1000,
    );
    const cleanup = () => {
      clearTimeout(guard);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: WorkerReply) => {
      cleanup();
      void worker.terminate();
      if (reply.ok) {
        resolve(reply.result as Result);
        return;
      }
      const { issues, ...details } = (reply.error.details ?? {}) as { issues?: ErrorIssue[] } & Record<
        string,
        unknown
      >;
      reject(
        new DyocenseError({
          code: reply.error.code as ErrorCode,
          message: reply.error.message,
          issues: issues ?? [],
          details,
        }),
      );
    });
    worker.once('error', (error) =>
      stop(
        new DyocenseError({
          code: 'internal',
          message: `Solver worker failed: ${error.message}`,
          cause: error,
        }),
      ),
    );
    worker.postMessage(task);
  });
}
