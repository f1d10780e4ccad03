import { DyocenseError } from '@dyocense/core';

/** Checks that actual and forecast values pair up and are finite. */
export function assertPaired(actual: readonly number[], forecast: readonly number[], what: string): void {
  if (actual.length !== forecast.length || actual.length === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${what}: actual (${actual.length}) and forecast (${forecast.length}) must be non-empty and of equal length`,
    });
  }
  for (let index = 0; index < actual.length; index++) {
    if (!Number.isFinite(actual[index]) || !Number.isFinite(forecast[index])) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `${what}: value ${index + 1} is not a finite number`,
      });
    }
  }
}

/**
 * Mean absolute error, in the units of the series.
 *
 * @throws DyocenseError `invalid_input` for empty, unequal-length or non-finite inputs.
 */
export function mae(actual: readonly number[], forecast: readonly number[]): number {
  assertPaired(actual, forecast, 'mae');
  let sum = 0;
  for (let index = 0; index < actual.length; index++) {
    sum += Math.abs((actual[index] as number) - (forecast[index] as number));
  }
  return sum / actual.length;
}

/**
 * Root mean squared error, in the units of the series.
 *
 * @throws DyocenseError `invalid_input` for empty, unequal-length or non-finite inputs.
 */
export function rmse(actual: readonly number[], forecast: readonly number[]): number {
  assertPaired(actual, forecast, 'rmse');
  let sum = 0;
  for (let index = 0; index < actual.length; index++) {
    sum += ((actual[index] as number) - (forecast[index] as number)) ** 2;
  }
  return Math.sqrt(sum / actual.length);
}

/**
 * Mean absolute percentage error in percent: `100 / h * sum |y - f| / |y|` over the points where the actual is
 * not zero (a zero actual has no percentage error).
 *
 * @returns `null` when every actual is zero.
 * @throws DyocenseError `invalid_input` for empty, unequal-length or non-finite inputs.
 */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  assertPaired(actual, forecast, 'mape');
  let sum = 0;
  let count = 0;
  for (let index = 0; index < actual.length; index++) {
    const value = actual[index] as number;
    if (value === 0) continue;
    sum += Math.abs(value - (forecast[index] as number)) / Math.abs(value);
    count++;
  }
  return count === 0 ? null : (100 * sum) / count;
}

/**
 * Symmetric MAPE as in the M4 competition, in percent (0..200): `200 / h * sum |y - f| / (|y| + |f|)`.
 * A point where actual and forecast are both zero contributes 0.
 *
 * @throws DyocenseError `invalid_input` for empty, unequal-length or non-finite inputs.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  assertPaired(actual, forecast, 'smape');
  let sum = 0;
  for (let index = 0; index < actual.length; index++) {
    const value = actual[index] as number;
    const predicted = forecast[index] as number;
    const denominator = Math.abs(value) + Math.abs(predicted);
    if (denominator > 0) sum += Math.abs(value - predicted) / denominator;
  }
  return (200 * sum) / actual.length;
}

/**
 * The in-sample mean absolute error of the seasonal naive method with period `seasonPeriod`:
 * `1 / (n - m) * sum_{t > m} |y_t - y_{t-m}|`, the scale of MASE and MSIS (M4 definition).
 *
 * @returns `null` when the history has no more than `seasonPeriod` points or the scale is zero.
 * @throws DyocenseError `invalid_input` for a non-integer or non-positive period or non-finite history.
 */
export function seasonalNaiveScale(history: readonly number[], seasonPeriod: number): number | null {
  if (!Number.isInteger(seasonPeriod) || seasonPeriod < 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `seasonPeriod must be a positive integer, got ${seasonPeriod}`,
    });
  }
  if (history.some((value) => !Number.isFinite(value))) {
    throw new DyocenseError({ code: 'invalid_input', message: 'history must hold finite numbers' });
  }
  if (history.length <= seasonPeriod) return null;
  let sum = 0;
  for (let index = seasonPeriod; index < history.length; index++) {
    sum += Math.abs((history[index] as number) - (history[index - seasonPeriod] as number));
  }
  const scale = sum / (history.length - seasonPeriod);
  return scale > 0 ? scale : null;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006; M4): the forecast's MAE divided by the in-sample MAE of
 * the seasonal naive method with period `seasonPeriod` (1 for non-seasonal data).
 *
 * @returns `null` when the scale is undefined (history of at most `seasonPeriod` points) or zero.
 * @throws DyocenseError `invalid_input` for bad inputs.
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  seasonPeriod: number,
): number | null {
  const scale = seasonalNaiveScale(history, seasonPeriod);
  const error = mae(actual, forecast);
  return scale === null ? null : error / scale;
}
