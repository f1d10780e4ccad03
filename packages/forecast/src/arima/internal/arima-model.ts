// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import { DyocenseError, normalQuantile } from '@dyocense/core';
import type {
  FittedModel,
  InformationCriteria,
  ModelForecast,
  PredictionInterval,
} from '../../model/fitted-model.js';
import type { ArimaEstimate } from './estimate-arima.js';
import { kalmanForecast } from './kalman.js';

/** Future values of the regressors for {@link ArimaModel.forecast}: one row per step, one entry per regressor. */
export interface ArimaForecastOptions {
  readonly xreg?: readonly (readonly number[])[];
}

/** A fitted ARIMA model: the common {@link FittedModel} contract plus ARIMA-specific facts. */
export interface ArimaModel extends FittedModel {
  /** Non-seasonal order `[p, d, q]`. */
  readonly order: readonly [number, number, number];
  /** Seasonal order `[P, D, Q]` (zeros for a non-seasonal model). */
  readonly seasonalOrder: readonly [number, number, number];
  readonly seasonPeriod: number;
  /** Coefficients by R's names: `ar1.., ma1.., sar1.., sma1.., intercept, drift`, then the regressors. */
  readonly coefficients: Readonly<Record<string, number>>;
  /** Innovation variance as `forecast::Arima` reports it: `sum(residuals^2) / (n - d - D s - k)`, k free coefficients. */
  readonly sigma2: number;
  /** Number of observations after differencing. */
  readonly nobs: number;
  /** Names of the user regressors, in column order (without `intercept` and `drift`). */
  readonly regressorNames: readonly string[];
  /**
   * Forecasts `horizon` steps ahead from the Kalman filter's final state, with normal intervals from the
   * forecast variance (in percent `levels`). Models with regressors need their future values: `options.xreg`
   * (`horizon` rows), or `futureXreg` given to `fitArima`.
   *
   * @throws DyocenseError `invalid_input` for a bad horizon or level, or missing or malformed future regressors.
   */
  forecast(horizon: number, levels: readonly number[], options?: ArimaForecastOptions): ModelForecast;
}

/** Inputs of {@link createArimaModel} beyond the estimate. */
export interface ArimaModelContext {
  readonly y: Float64Array;
  readonly includeMean: boolean;
  readonly includeDrift: boolean;
  readonly regressorNames: readonly string[];
  readonly futureXreg: readonly (readonly number[])[] | undefined;
  /** Whether the estimate has an exact likelihood (false for CSS-only fits). */
  readonly hasLikelihood: boolean;
}

/** R's `arima.string`, e.g. `ARIMA(0,1,1)(0,1,1)[12]`, `ARIMA(1,1,0) with drift`. */
export function describeArima(estimate: ArimaEstimate, context: ArimaModelContext): string {
  const { orders } = estimate.specification;
  let text = `ARIMA(${orders.p},${orders.d},${orders.q})`;
  if (orders.period > 1 && orders.seasonalP + orders.seasonalD + orders.seasonalQ > 0) {
    text += `(${orders.seasonalP},${orders.seasonalD},${orders.seasonalQ})[${orders.period}]`;
  }
  if (context.regressorNames.length > 0) return `Regression with ${text} errors`;
  if (context.includeDrift) return `${text} with drift`;
  if (context.includeMean) return `${text} with non-zero mean`;
  if (orders.d === 0 && orders.seasonalD === 0) return `${text} with zero mean`;
  return text;
}

/** Information criteria as `forecast::Arima` computes them (k free coefficients plus sigma²). */
export function arimaInformationCriteria(estimate: ArimaEstimate): InformationCriteria {
  const npar = estimate.freeCount + 1;
  const nstar = estimate.nUsed;
  const aic = -2 * estimate.logLikelihood + 2 * npar;
  return {
    logLikelihood: estimate.logLikelihood,
    aic,
    aicc: aic + 2 * npar * (nstar / (nstar - npar - 1) - 1),
    bic: aic + npar * (Math.log(nstar) - 2),
  };
}

function validateForecastRequest(horizon: number, levels: readonly number[]): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The horizon must be a positive integer, got ${horizon}.`,
    });
  }
  for (const level of levels) {
    if (!(Number.isFinite(level) && level > 0 && level < 100)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Interval levels are percentages strictly between 0 and 100, got ${level}.`,
      });
    }
  }
}

/** Wraps an estimate as an {@link ArimaModel}. */
export function createArimaModel(estimate: ArimaEstimate, context: ArimaModelContext): ArimaModel {
  const { y } = context;
  const n = y.length;
  const { orders } = estimate.specification;
  const npar = estimate.freeCount + 1;
  let rss = 0;
  for (let t = 0; t < n; t++) rss += estimate.residuals[t]! ** 2;
  const sigma2 = rss / (estimate.nUsed - npar + 1);
  const coefficients: Record<string, number> = {};
  estimate.names.forEach((name, index) => {
    coefficients[name] = estimate.coefficients[index]!;
  });
  const narma = orders.p + orders.q + orders.seasonalP + orders.seasonalQ;
  const fitted: number[] = new Array<number>(n);
  const residuals: number[] = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    residuals[t] = estimate.residuals[t]!;
    fitted[t] = y[t]! - estimate.residuals[t]!;
  }
  const regressorCount = context.regressorNames.length;

  const forecast = (
    horizon: number,
    levels: readonly number[],
    options?: ArimaForecastOptions,
  ): ModelForecast => {
    validateForecastRequest(horizon, levels);
    const futureXreg = options?.xreg ?? context.futureXreg;
    if (regressorCount > 0) {
      if (futureXreg === undefined || futureXreg.length < horizon) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `This model has ${regressorCount} regressor(s): give their future values for all ${horizon} steps (options.xreg).`,
        });
      }
      for (let h = 0; h < horizon; h++) {
        const row = futureXreg[h]!;
        if (row.length !== regressorCount || !row.every(Number.isFinite)) {
          throw new DyocenseError({
            code: 'invalid_input',
            message: `Future regressor row ${h + 1} must hold ${regressorCount} finite number(s).`,
          });
        }
      }
    }
    const { mean: armaMean, variance } = kalmanForecast(estimate.state, horizon);
    const mean: number[] = [];
    const standardErrors: number[] = [];
    for (let h = 0; h < horizon; h++) {
      let regression = 0;
      let column = narma;
      if (context.includeMean) regression += estimate.coefficients[column++]!;
      if (context.includeDrift) regression += estimate.coefficients[column++]! * (n + h + 1);
      for (let j = 0; j < regressorCount; j++)
        regression += estimate.coefficients[column++]! * futureXreg![h]![j]!;
      mean.push(armaMean[h]! + regression);
      standardErrors.push(Math.sqrt(Math.max(variance[h]!, 0) * sigma2));
    }
    const intervals: PredictionInterval[] = levels.map((level) => {
      const z = normalQuantile(0.5 + level / 200);
      return {
        level,
        lower: mean.map((value, h) => value - z * standardErrors[h]!),
        upper: mean.map((value, h) => value + z * standardErrors[h]!),
      };
    });
    if (!mean.every(Number.isFinite) || !standardErrors.every(Number.isFinite)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: 'The forecast overflowed: the series or the future regressors are too large for this model.',
      });
    }
    return { mean, intervals };
  };

  const parameters: Record<string, number> = { ...coefficients, sigma2 };
  const base = {
    method: describeArima(estimate, context),
    parameters,
    fitted,
    residuals,
    order: [orders.p, orders.d, orders.q] as const,
    seasonalOrder: [orders.seasonalP, orders.seasonalD, orders.seasonalQ] as const,
    seasonPeriod: orders.period,
    coefficients,
    sigma2,
    nobs: estimate.nUsed,
    regressorNames: context.regressorNames,
    forecast,
  };
  return context.hasLikelihood ? { ...base, informationCriteria: arimaInformationCriteria(estimate) } : base;
}
