import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseInput, type TimeSeriesInput } from '@dyocense/core';
import type { ForecastResult } from '../fit.js';
import {
  type BatchFailure,
  type BatchForecast,
  forecastBatch,
  type LongRow,
  toSeriesList,
} from '../forecast-batch.js';
import { type ForecastOptions, forecastOptionsSchema } from '../forecast-options.js';

/** Options of {@link forecastBatchParallel}. */
export interface ParallelOptions {
  /** Worker threads; default the machine's available parallelism. 1 runs in the calling thread. */
  readonly jobs?: number;
  /** Called after each series with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

type WorkerReply =
  | { readonly index: number; readonly result: ForecastResult }
  | { readonly index: number; readonly failure: BatchFailure };

function workerUrl(): { url: URL; execArgv: string[] | undefined } {
  // From TypeScript sources (tests, benchmarks) a small bootstrap registers tsx's loader in the worker.
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return { url: new URL('./forecast-worker.js', import.meta.url), execArgv: undefined };
  return {
    url: new URL('./forecast-worker-source.mjs', import.meta.url),
    execArgv: ['--conditions=@dyocense/source'],
  };
}

/**
 * Forecasts many series across `node:worker_threads` (Node only; the browser-safe entry has the sequential
 * `forecastBatch`). Each worker takes the next series when it is free, so long and short series balance out;
 * results come back in input order and are identical to a sequential run (every series is forecast
 * independently and deterministically).
 *
 * @throws DyocenseError `invalid_input` for bad options or unreadable rows.
 * @example
 * const { results, failures } = await forecastBatchParallel(rows, { horizon: 18 }, { jobs: 4 });
 */
export async function forecastBatchParallel(
  input: readonly LongRow[] | readonly TimeSeriesInput[],
  options: ForecastOptions,
  parallel: ParallelOptions = {},
): Promise<BatchForecast> {
  parseInput(forecastOptionsSchema, options, 'forecast options');
  const list: readonly TimeSeriesInput[] =
    input.length > 0 && typeof input[0] === 'object' && input[0] !== null && 'unique_id' in input[0]
      ? toSeriesList(input as readonly LongRow[])
      : (input as readonly TimeSeriesInput[]);
  const jobs = Math.max(1, Math.min(parallel.jobs ?? availableParallelism(), list.length));
  if (jobs <= 1) return forecastBatch(list, options, parallel.onProgress);
  const replies: (WorkerReply | undefined)[] = new Array(list.length);
  const { url, execArgv } = workerUrl();
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: jobs },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(url, execArgv === undefined ? {} : { execArgv });
            workers.push(worker);
            const send = (): void => {
              if (next >= list.length) {
                resolve();
                return;
              }
              const index = next++;
              worker.postMessage({ index, series: list[index], options });
            };
            worker.on('message', (reply: WorkerReply) => {
              replies[reply.index] = reply;
              done++;
              parallel.onProgress?.(done, list.length);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`forecast worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const results: ForecastResult[] = [];
  const failures: BatchFailure[] = [];
  for (const reply of replies) {
    if (reply === undefined) continue;
    if ('result' in reply) results.push(reply.result);
    else failures.push(reply.failure);
  }
  return { results, failures };
}
