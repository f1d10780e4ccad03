import { DyocenseError } from '@dyocense/core';
import { type ArimaModel, createArimaModel } from './arima-model.js';
import type { ArmaOrders } from './arima-parameters.js';
import { type ArimaEstimate, type EstimationMethod, estimateArima } from './estimate-arima.js';

/** Internal inputs shared by {@link fitArima} and automatic selection. */
export interface ResolvedArimaInput {
  readonly y: Float64Array;
  readonly orders: ArmaOrders;
  readonly includeMean: boolean;
  readonly includeDrift: boolean;
  readonly regressors: readonly Float64Array[];
  readonly regressorNames: readonly string[];
  readonly futureXreg: readonly (readonly number[])[] | undefined;
  readonly fixed: readonly (number | null)[] | undefined;
  readonly method: EstimationMethod;
  readonly strict: boolean;
}

/** Fits a resolved specification; throws {@link ArimaEstimationError} on estimation failure. */
export function fitResolvedArima(input: ResolvedArimaInput): { model: ArimaModel; estimate: ArimaEstimate } {
  const { y, orders } = input;
  const n = y.length;
  const columns: Float64Array[] = [];
  const names: string[] = [];
  if (input.includeMean) {
    columns.push(new Float64Array(n).fill(1));
    names.push('intercept');
  }
  if (input.includeDrift) {
    columns.push(Float64Array.from({ length: n }, (_, t) => t + 1));
    names.push('drift');
  }
  columns.push(...input.regressors);
  names.push(...input.regressorNames);
  const narma = orders.p + orders.q + orders.seasonalP + orders.seasonalQ;
  const count = narma + columns.length;
  if (input.fixed !== undefined && input.fixed.length !== count) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `fixed must have one entry per coefficient (${count}), got ${input.fixed.length}.`,
    });
  }
  const fixed = Array.from({ length: count }, (_, i) => input.fixed?.[i] ?? undefined);
  const freeCount = fixed.filter((value) => value === undefined).length;
  const nUsed = n - orders.d - orders.seasonalD * orders.period;
  if (nUsed - (freeCount + 1) - 1 <= 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `ARIMA needs more observations: ${n} given, ${nUsed} after differencing, for ${freeCount} coefficient(s) and the variance.`,
      details: { observations: n, afterDifferencing: nUsed, coefficients: freeCount },
    });
  }
  const estimate = estimateArima(y, {
    orders,
    xreg: columns,
    xregNames: names,
    fixed,
    method: input.method,
    strict: input.strict,
  });
  const model = createArimaModel(estimate, {
    y,
    includeMean: input.includeMean,
    includeDrift: input.includeDrift,
    regressorNames: input.regressorNames,
    futureXreg: input.futureXreg,
    hasLikelihood: input.method !== 'CSS',
  });
  return { model, estimate };
}

/** Validates a history: non-empty, finite. */
export function toSeries(y: readonly number[]): Float64Array {
  if (!Array.isArray(y) || y.length === 0) {
    throw new DyocenseError({ code: 'insufficient_data', message: 'The history is empty.' });
  }
  const series = Float64Array.from(y);
  const bad = series.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The history must hold finite numbers; position ${bad} is ${String(y[bad])}.`,
    });
  }
  return series;
}

/**
 * Validates regressor rows against the history length and returns one column per regressor.
 *
 * @throws DyocenseError `invalid_input` for ragged rows or a row count that differs from `n`.
 */
export function toRegressorColumns(
  xreg: readonly (readonly number[])[] | undefined,
  n: number,
  names: readonly string[] | undefined,
): { columns: Float64Array[]; names: string[] } {
  if (xreg === undefined) return { columns: [], names: [] };
  if (xreg.length !== n) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `xreg must have one row per observation (${n}), got ${xreg.length}.`,
    });
  }
  const k = xreg[0]?.length ?? 0;
  if (xreg.some((row) => row.length !== k)) {
    throw new DyocenseError({ code: 'invalid_input', message: 'Every xreg row must have the same length.' });
  }
  if (names !== undefined && names.length !== k) {
    throw new DyocenseError({ code: 'invalid_input', message: `xregNames must name ${k} regressor(s).` });
  }
  const columns = Array.from({ length: k }, (_, j) => Float64Array.from(xreg, (row) => row[j] ?? 0));
  return { columns, names: names === undefined ? columns.map((_, j) => `xreg${j + 1}`) : [...names] };
}
