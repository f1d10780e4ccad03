import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { ArimaModel } from './internal/arima-model.js';
import type { ArmaOrders } from './internal/arima-parameters.js';
import { ArimaEstimationError, type EstimationMethod } from './internal/estimate-arima.js';
import { fitResolvedArima, toRegressorColumns, toSeries } from './internal/resolve-arima.js';

export type { ArimaForecastOptions, ArimaModel } from './internal/arima-model.js';

/** Options of {@link fitArima}. */
export interface ArimaOptions {
  /** Non-seasonal order `[p, d, q]`. */
  readonly order: readonly [number, number, number];
  /** Seasonal order `[P, D, Q]`; default `[0, 0, 0]`. Needs `seasonPeriod >= 2` when not all zero. */
  readonly seasonalOrder?: readonly [number, number, number];
  /** Observations per season (12 for monthly data); default 1. */
  readonly seasonPeriod?: number;
  /** Estimate a mean (R's `intercept`); used only when `d + D = 0`. Default true. */
  readonly includeMean?: boolean;
  /** Add a linear drift (R's `include.drift`); ignored, as in R, when `d + D > 1`. Default false. */
  readonly includeDrift?: boolean;
  /** Regressors for regression with ARIMA errors: one row per observation, one entry per regressor. */
  readonly xreg?: readonly (readonly number[])[];
  /** Names of the regressors (default `xreg1`, `xreg2`, ...). */
  readonly xregNames?: readonly string[];
  /** Future regressor rows used by `forecast(horizon, levels)` when no `options.xreg` is passed there. */
  readonly futureXreg?: readonly (readonly number[])[];
  /**
   * Coefficients to hold fixed, in R's order (`ar`, `ma`, `sar`, `sma`, `intercept`, `drift`, regressors);
   * `null` marks a coefficient to estimate. Fixing an AR coefficient turns off the stationarity transform.
   */
  readonly fixed?: readonly (number | null)[];
  /** `'CSS-ML'` (default, as R), `'ML'`, or `'CSS'` (no exact likelihood, no information criteria). */
  readonly method?: EstimationMethod;
}

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');
const order = z.tuple([
  z.number().int().min(0).max(30),
  z.number().int().min(0).max(3),
  z.number().int().min(0).max(30),
]);
const optionsSchema = z.object({
  order,
  seasonalOrder: z
    .tuple([z.number().int().min(0).max(10), z.number().int().min(0).max(2), z.number().int().min(0).max(10)])
    .optional(),
  seasonPeriod: z.number().int().min(1).max(10_000).optional(),
  includeMean: z.boolean().optional(),
  includeDrift: z.boolean().optional(),
  xreg: z.array(z.array(finiteNumber)).optional(),
  xregNames: z.array(z.string().min(1)).optional(),
  futureXreg: z.array(z.array(finiteNumber)).optional(),
  fixed: z.array(finiteNumber.nullable()).optional(),
  method: z.enum(['CSS-ML', 'ML', 'CSS']).optional(),
});

/**
 * Fits an ARIMA(p,d,q)(P,D,Q)[s] model, optionally with drift or regressors (regression with ARIMA errors), by
 * exact Gaussian maximum likelihood: conditional-sum-of-squares starting values, then the likelihood from a
 * Kalman filter on the state-space form with a stationary (Gardner et al. 1980) prior for the ARMA states and
 * a diffuse one for the differencing states. AR parameters are kept stationary through Jones' (1980)
 * transform and MA polynomials are made invertible, as in R's `arima()`; sigma², the log-likelihood and
 * AIC/AICc/BIC are those `forecast::Arima` reports.
 *
 * @param y - equally spaced history without missing values.
 * @throws DyocenseError `invalid_input` (non-finite values, bad orders or regressors), `insufficient_data`
 *   (fewer observations after differencing than coefficients + 2), `infeasible` (the estimation failed,
 *   e.g. collinear regressors).
 * @example
 * const model = fitArima(monthlySales, { order: [0, 1, 1], seasonalOrder: [0, 1, 1], seasonPeriod: 12 });
 * const { mean, intervals } = model.forecast(12, [80, 95]);
 */
export function fitArima(y: readonly number[], options: ArimaOptions): ArimaModel {
  const parsed = parseInput(optionsSchema, options, 'ARIMA options');
  const series = toSeries(y);
  const seasonalOrder = parsed.seasonalOrder ?? [0, 0, 0];
  const seasonal = seasonalOrder.some((value) => value > 0);
  const period = parsed.seasonPeriod ?? 1;
  if (seasonal && period < 2) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'A seasonal order needs seasonPeriod of at least 2.',
    });
  }
  const [p, d, q] = parsed.order;
  const orders: ArmaOrders = {
    p,
    d,
    q,
    seasonalP: seasonal ? seasonalOrder[0] : 0,
    seasonalD: seasonal ? seasonalOrder[1] : 0,
    seasonalQ: seasonal ? seasonalOrder[2] : 0,
    period: seasonal ? period : 1,
  };
  const differences = orders.d + orders.seasonalD;
  const regressors = toRegressorColumns(parsed.xreg, series.length, parsed.xregNames);
  try {
    return fitResolvedArima({
      y: series,
      orders,
      includeMean: (parsed.includeMean ?? true) && differences === 0,
      includeDrift: (parsed.includeDrift ?? false) && differences <= 1,
      regressors: regressors.columns,
      regressorNames: regressors.names,
      futureXreg: parsed.futureXreg,
      fixed: parsed.fixed,
      method: parsed.method ?? 'CSS-ML',
      strict: false,
    }).model;
  } catch (error) {
    if (error instanceof ArimaEstimationError) {
      throw new DyocenseError({
        code: 'infeasible',
        message: `ARIMA estimation failed: ${error.message}`,
        cause: error,
      });
    }
    throw error;
  }
}
