import { parentPort } from 'node:worker_threads';
import { DyocenseError, type TimeSeriesInput } from '@dyocense/core';
import { forecast } from '../forecast.js';
import type { ForecastOptions } from '../forecast-options.js';

/** A task sent to a forecast worker. */
export interface WorkerTask {
  readonly index: number;
  readonly series: TimeSeriesInput;
  readonly options: ForecastOptions;
}

parentPort?.on('message', (task: WorkerTask) => {
  try {
    parentPort?.postMessage({ index: task.index, result: forecast(task.series, task.options) });
  } catch (error) {
    const failure = DyocenseError.isInstance(error)
      ? { code: error.code, message: error.message }
      : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage({ index: task.index, failure: { seriesId: String(task.series.id), ...failure } });
  }
});
