import { DyocenseError } from '@dyocense/core';
import { addPeriods } from '../../calendar/add-periods.js';
import type { RegularSeries } from '../../calendar/regularize-series.js';
import type { ResolvedForecastOptions } from '../forecast-options.js';

/**
 * What models beyond the plain values need (`prophet`, `regression`): timestamps and regressor values by
 * position, where positions `0..historyLength-1` are the history and later ones the forecast steps. Models
 * fitted on a prefix of the history (cross-validation windows) read their "future" from the history after it.
 */
export interface SeriesContext {
  readonly historyLength: number;
  readonly timeZone: string;
  readonly options: ResolvedForecastOptions;
  /** Regressor names, empty without `exogenous`. */
  readonly exogenousNames: readonly string[];
  /** Epoch ms (or period indices) of positions `start..start+count-1`. */
  timestampsAt(start: number, count: number): number[];
  /**
   * Regressor values at positions `start..start+count-1`.
   *
   * @throws DyocenseError `invalid_input` when the positions run past the given future values.
   */
  exogenousAt(start: number, count: number): Record<string, number[]>;
  /**
   * Runs `task` with `future` as the regressors' values after the history (instead of `futureExogenous`), so a
   * fitted model can forecast for new plans of price or promotions; `undefined` keeps the option's values.
   *
   * @throws DyocenseError `invalid_input` for a regressor the model was not fitted with.
   */
  withFuture<T>(future: Readonly<Record<string, readonly number[]>> | undefined, task: () => T): T;
}

/** The context plus the warnings its construction raised (regressor values carried over filled gaps). */
export interface CreatedSeriesContext {
  readonly context: SeriesContext;
  readonly warnings: readonly string[];
}

function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message });
}

/**
 * Aligns the `exogenous` option (one value per timestamp of the input series) with the regular history (gaps
 * filled by the gap policy get the last known regressor value, with a warning) and appends `futureExogenous`.
 *
 * @throws DyocenseError `invalid_input` when the regressors do not match the series, or `futureExogenous` lacks
 * a regressor or has fewer than `horizon` values.
 */
export function createSeriesContext(
  inputTimestamps: readonly number[],
  regular: RegularSeries,
  options: ResolvedForecastOptions,
): CreatedSeriesContext {
  const history = options.exogenous ?? {};
  const future = options.futureExogenous ?? {};
  const names = Object.keys(history);
  const warnings: string[] = [];
  for (const name of Object.keys(future)) {
    if (!(name in history)) {
      throw invalid(
        `futureExogenous.${name} has no history: give its past values in exogenous.${name} as well`,
      );
    }
  }
  const histories = new Map<string, number[]>();
  let combined = new Map<string, number[]>();
  let carried = 0;
  for (const name of names) {
    const past = history[name] as number[];
    if (past.length !== inputTimestamps.length) {
      throw invalid(
        `exogenous.${name} has ${past.length} values but the series has ${inputTimestamps.length} timestamps; give one value per timestamp`,
      );
    }
    const ahead = future[name];
    if (ahead !== undefined && ahead.length < options.horizon) {
      throw invalid(
        `futureExogenous.${name} needs at least ${options.horizon} values (the horizon), got ${ahead.length}`,
      );
    }
    const byTimestamp = new Map(
      inputTimestamps.map((timestamp, index) => [timestamp, past[index] as number]),
    );
    const aligned: number[] = [];
    let previous: number | undefined;
    for (const timestamp of regular.timestamps) {
      const value = byTimestamp.get(timestamp);
      if (value === undefined) carried++;
      // A filled gap has no regressor value: the last known one (or the first, at the start) stands in.
      const resolved = value ?? previous ?? (past.find((candidate) => Number.isFinite(candidate)) as number);
      aligned.push(resolved);
      previous = resolved;
    }
    aligned.forEach((value, index) => {
      if (!Number.isFinite(value))
        throw invalid(`exogenous.${name} has a non-finite value at position ${index}`);
    });
    histories.set(name, aligned);
    combined.set(name, [...aligned, ...(ahead ?? [])]);
  }
  if (carried > 0) {
    warnings.push(
      `${carried / names.length} filled observation(s) have no regressor values; the previous values are carried over`,
    );
  }
  const timestamps = regular.timestamps;
  const last = timestamps[timestamps.length - 1] as number;
  const historyLength = timestamps.length;
  const context: SeriesContext = {
    historyLength,
    timeZone: regular.timeZone,
    options,
    exogenousNames: names,
    timestampsAt(start, count) {
      return Array.from({ length: count }, (_, offset) => {
        const position = start + offset;
        return position < historyLength
          ? (timestamps[position] as number)
          : addPeriods(last, regular.frequency, regular.step, regular.timeZone, position - historyLength + 1);
      });
    },
    exogenousAt(start, count) {
      const result: Record<string, number[]> = {};
      for (const [name, values] of combined) {
        if (start + count > values.length) {
          throw invalid(
            `forecasting ${start + count - historyLength} steps needs as many future values of regressor "${name}" (futureExogenous.${name}); got ${values.length - historyLength}`,
          );
        }
        result[name] = values.slice(start, start + count);
      }
      return result;
    },
    withFuture(given, task) {
      if (given === undefined) return task();
      for (const name of Object.keys(given)) {
        if (!histories.has(name)) {
          throw invalid(
            `future regressor "${name}" was not in exogenous when the model was fitted (${names.join(', ') || 'none'})`,
          );
        }
      }
      const saved = combined;
      combined = new Map(
        [...histories].map(([name, past]) => [
          name,
          [...past, ...(given[name] ?? saved.get(name)?.slice(historyLength) ?? [])],
        ]),
      );
      try {
        return task();
      } finally {
        combined = saved;
      }
    },
  };
  return { context, warnings };
}
