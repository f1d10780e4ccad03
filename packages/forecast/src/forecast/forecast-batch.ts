import { DyocenseError, type ErrorCode, parseInput, type TimeSeriesInput } from '@dyocense/core';
import type { ForecastResult } from './fit.js';
import { forecast } from './forecast.js';
import { type ForecastOptions, forecastOptionsSchema } from './forecast-options.js';

/** One row of a long table: series id, time (ISO 8601 date or datetime, epoch milliseconds or period index) and value. */
export interface LongRow {
  readonly unique_id: string;
  readonly ds: string | number;
  readonly y: number | null;
}

/** A series that could not be forecast, and why. */
export interface BatchFailure {
  readonly seriesId: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/** Result of {@link forecastBatch}: forecasts in input order, and the series that failed. */
export interface BatchForecast {
  readonly results: readonly ForecastResult[];
  readonly failures: readonly BatchFailure[];
}

function isLongRow(value: unknown): value is LongRow {
  return typeof value === 'object' && value !== null && 'unique_id' in value && 'ds' in value;
}

function toTime(ds: string | number, id: string, integerIndex: boolean): number {
  if (typeof ds === 'number') return ds;
  if (integerIndex) return Number(ds);
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(ds);
  const parsed = Date.parse(ds.length === 10 || hasZone ? ds : `${ds}Z`);
  if (!Number.isFinite(parsed)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `series "${id}": ds "${ds}" is not an ISO 8601 date, a datetime or an integer`,
    });
  }
  return parsed;
}

/**
 * Groups long rows (`unique_id`, `ds`, `y`) into series, in order of first appearance, each sorted by time.
 * Integer `ds` values (numbers below one minute in milliseconds, or digit-only strings) are period indices;
 * ISO dates are UTC midnights and datetimes without an offset are UTC.
 *
 * @throws DyocenseError `invalid_input` for an unreadable `ds` or a duplicated (unique_id, ds).
 */
export function toSeriesList(rows: readonly LongRow[]): TimeSeriesInput[] {
  const groups = new Map<string, LongRow[]>();
  for (const row of rows) {
    const id = String(row.unique_id);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [row]);
    else group.push(row);
  }
  return [...groups].map(([id, group]) => {
    const integerIndex = group.every(
      (row) => (typeof row.ds === 'number' && Math.abs(row.ds) < 60_000) || /^-?\d+$/.test(String(row.ds)),
    );
    const points = group
      .map((row) => ({ time: toTime(row.ds, id, integerIndex), value: row.y }))
      .sort((left, right) => left.time - right.time);
    for (let index = 1; index < points.length; index++) {
      if ((points[index] as { time: number }).time === (points[index - 1] as { time: number }).time) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `series "${id}" has two rows for the same ds`,
        });
      }
    }
    return {
      id,
      ...(integerIndex ? { frequency: 'period' as const } : {}),
      timestamps: points.map((point) => point.time),
      values: points.map((point) => point.value),
    };
  });
}

/**
 * Forecasts many series with the same options: long rows (`unique_id`, `ds`, `y`, as in the CSV contract) or a
 * list of series. Series are forecast one after another (deterministic; see the `@dyocense/forecast/node`
 * entry for worker threads); a series that fails is listed in `failures` with its error code instead of
 * stopping the batch.
 *
 * @param onProgress - called after each series with the number done and the total.
 * @throws DyocenseError `invalid_input` for unreadable rows or bad options.
 * @example
 * const { results } = forecastBatch([{ unique_id: 'a', ds: '2024-01-01', y: 3 }, ...], { horizon: 7 });
 */
export function forecastBatch(
  input: readonly LongRow[] | readonly TimeSeriesInput[],
  options: ForecastOptions,
  onProgress?: (done: number, total: number) => void,
): BatchForecast {
  const list: readonly TimeSeriesInput[] =
    input.length > 0 && isLongRow(input[0])
      ? toSeriesList(input as readonly LongRow[])
      : (input as readonly TimeSeriesInput[]);
  parseInput(forecastOptionsSchema, options, 'forecast options');
  const results: ForecastResult[] = [];
  const failures: BatchFailure[] = [];
  list.forEach((series, index) => {
    try {
      results.push(forecast(series, options));
    } catch (error) {
      if (!DyocenseError.isInstance(error)) throw error;
      failures.push({ seriesId: String(series.id), code: error.code, message: error.message });
    }
    onProgress?.(index + 1, list.length);
  });
  return { results, failures };
}
