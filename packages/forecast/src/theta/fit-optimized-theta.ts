import { DyocenseError, normalQuantile } from '@dyocense/core';
import { toSeasonallyAdjusted } from '../decompose/to-seasonally-adjusted.js';
import { arithmeticMean } from '../internal/arithmetic-mean.js';
import { lagariasNelderMead } from '../internal/lagarias-nelder-mead.js';
import { sampleStandardDeviation } from '../internal/sample-standard-deviation.js';
import type { FittedModel, ModelForecast } from '../model/fitted-model.js';
import { ensureFinite } from '../naive/internal/ensure-finite.js';
import {
  validateForecastRequest,
  validateHistory,
  validatePeriod,
} from '../naive/internal/validate-history.js';
import { runThetaLines, type ThetaLinesParameters } from './internal/theta-lines.js';
import { toSeasonalFit } from './internal/to-seasonal-fit.js';

/** Options of {@link fitOptimizedTheta}. */
export interface OptimizedThetaOptions {
  /** Seasonal period (1 for none; default 1). */
  readonly period?: number;
  /** `true` (default): Dynamic Optimised Theta Model (DOTM); `false`: Optimised Theta Model (OTM). */
  readonly dynamic?: boolean;
  /** Fixed θ >= 1 instead of estimating it (θ = 2 gives the dynamic or static standard theta model). */
  readonly theta?: number;
  /**
   * Fixed ℓ0, α and θ instead of estimating them (e.g. those of a fit to a longer history, for cheap
   * rolling-origin windows); α must lie in [0.1, 0.99] and θ be at least 1.
   */
  readonly parameters?: { readonly initialLevel: number; readonly alpha: number; readonly theta: number };
}

/** An optimised Theta {@link FittedModel} that also reports its seasonal adjustment. */
export interface OptimizedThetaModel extends FittedModel {
  readonly seasonal: boolean;
  readonly reason?: string;
}

const bounds = { alpha: [0.1, 0.99], theta: [1, 1e10] } as const;

const withinBounds = ({ alpha, theta }: { readonly alpha: number; readonly theta: number }): boolean =>
  alpha >= bounds.alpha[0] &&
  alpha <= bounds.alpha[1] &&
  theta >= bounds.theta[0] &&
  theta <= bounds.theta[1];

/**
 * The optimised Theta models of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016), as
 * `forecTheta::dotm`/`otm` and statsforecast's `DynamicOptimizedTheta`/`OptimizedTheta`: the theta coefficient
 * θ, the smoothing weight α and the initial level ℓ0 are estimated by least squares (Nelder–Mead from
 * forecTheta's start ℓ0 = y1/2, α = 0.5, θ = 2; α in [0.1, 0.99], θ >= 1). The dynamic model updates the
 * linear-trend coefficients A_t, B_t with each observation and skips the first two errors in the criterion.
 *
 * Seasonality: the M4 90% autocorrelation test (n >= 3m) and classical multiplicative adjustment, reversed on
 * forecasts and interval bounds (forecTheta tests only m = 4 or 12, with 1.64).
 *
 * Intervals: forecTheta simulates 200 paths of the state-space model with Gaussian errors of standard deviation
 * σ = sd(residuals from the third on). The recursion is linear in the future errors, so we compute that
 * simulation's exact limit instead: Var(y_{n+h}) = σ² Σ_k c_{h,k}², where c_{h,k} is the response of step h to a
 * unit error at step k. The intervals are Gaussian, deterministic and need no seed.
 *
 * @param values - equally spaced finite observations, at least 4.
 * @returns an {@link OptimizedThetaModel} named `DOTM` or `OTM` with parameters `initialLevel`, `alpha`,
 *   `theta` and `sigma` (σ on the seasonally adjusted scale).
 * @throws DyocenseError `invalid_input` for non-finite values or a θ below 1, `insufficient_data` for fewer
 *   than 4 observations.
 * @example
 * const model = fitOptimizedTheta(monthlySales, { period: 12 });
 * model.forecast(18, [80, 95]);
 */
export function fitOptimizedTheta(
  values: readonly number[],
  options: OptimizedThetaOptions = {},
): OptimizedThetaModel {
  const dynamic = options.dynamic ?? true;
  const method = dynamic ? 'DOTM' : 'OTM';
  const period = validatePeriod(options.period ?? 1, method);
  const history = validateHistory(values, method, 4);
  if (options.theta !== undefined && !(options.theta >= 1 && Number.isFinite(options.theta))) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The theta coefficient must be a finite number of at least 1; got ${String(options.theta)}.`,
      issues: [{ path: ['theta'], message: 'Expected a number >= 1', code: 'too_small' }],
    });
  }
  const fixed = options.parameters;
  if (fixed !== undefined && !(Number.isFinite(fixed.initialLevel) && withinBounds(fixed))) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Fixed ${method} parameters need a finite initial level, alpha in [0.1, 0.99] and theta >= 1; got ${JSON.stringify(fixed)}.`,
      issues: [{ path: ['parameters'], message: 'Out of bounds', code: 'invalid_parameters' }],
    });
  }
  const n = history.length;
  const adjustment = toSeasonallyAdjusted(history, period, 'm4');
  const y = adjustment.adjusted;
  const scale = arithmeticMean(y.map(Math.abs)) || 1;
  const firstError = dynamic ? 2 : 0;
  const criterion = (parameters: ThetaLinesParameters) => {
    const { predictions } = runThetaLines(y, parameters, dynamic);
    let sum = 0;
    for (let index = firstError; index < n; index += 1) {
      sum += (((y[index] as number) - (predictions[index] as number)) / scale) ** 2;
    }
    return sum;
  };
  const fixedTheta = options.theta;
  const toParameters = (point: readonly number[]): ThetaLinesParameters => ({
    initialLevel: (point[0] as number) * scale,
    alpha: point[1] as number,
    theta: fixedTheta ?? (point[2] as number),
  });
  const objective = (point: readonly number[]) => {
    const parameters = toParameters(point);
    return withinBounds(parameters) ? criterion(parameters) : Number.POSITIVE_INFINITY;
  };
  // ℓ0 is optimised in units of mean |y| so the simplex steps suit every scale; a restart from the first
  // optimum guards against Nelder–Mead's premature collapse.
  const start =
    fixedTheta === undefined ? [(y[0] as number) / 2 / scale, 0.5, 2] : [(y[0] as number) / 2 / scale, 0.5];
  let parameters: ThetaLinesParameters;
  if (fixed === undefined) {
    let best = lagariasNelderMead(objective, start);
    const restart = lagariasNelderMead(objective, best.point);
    if (restart.value <= best.value) best = restart;
    parameters = toParameters(best.point);
  } else {
    parameters = { initialLevel: fixed.initialLevel, alpha: fixed.alpha, theta: fixed.theta };
  }
  const run = runThetaLines(y, parameters, dynamic);
  const adjustedResiduals = y.map((value, index) => value - (run.predictions[index] as number));
  const tail = adjustedResiduals.slice(2);
  const sigma = sampleStandardDeviation(tail, arithmeticMean(tail));
  ensureFinite([parameters.initialLevel, sigma], method, 'parameters');
  const { fitted, residuals } = toSeasonalFit(history, run.predictions, adjustment.factors, method);
  return {
    method,
    parameters: {
      initialLevel: parameters.initialLevel,
      alpha: parameters.alpha,
      theta: parameters.theta,
      sigma,
    },
    fitted,
    residuals,
    seasonal: adjustment.seasonal,
    ...(adjustment.reason === undefined ? {} : { reason: adjustment.reason }),
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const base = runThetaLines(y, parameters, dynamic, { steps: horizon }).predictions.slice(n);
      const variances = new Array<number>(horizon).fill(0);
      for (let shockStep = 0; shockStep < horizon; shockStep += 1) {
        const shocks = new Array<number>(horizon).fill(0);
        shocks[shockStep] = 1;
        const shocked = runThetaLines(y, parameters, dynamic, { steps: horizon, shocks }).predictions.slice(
          n,
        );
        for (let step = shockStep; step < horizon; step += 1) {
          const response = step === shockStep ? 1 : (shocked[step] as number) - (base[step] as number);
          variances[step] = (variances[step] as number) + response * response;
        }
      }
      const factors = adjustment.forecastFactors(horizon);
      const mean = base.map((value, step) => value * (factors[step] as number));
      const intervals = levels.map((level) => {
        const z = normalQuantile(0.5 + level / 200);
        const half = variances.map(
          (variance, step) => z * sigma * Math.sqrt(variance) * (factors[step] as number),
        );
        return {
          level,
          lower: ensureFinite(
            mean.map((value, step) => value - (half[step] as number)),
            method,
            'interval',
          ),
          upper: ensureFinite(
            mean.map((value, step) => value + (half[step] as number)),
            method,
            'interval',
          ),
        };
      });
      ensureFinite(mean, method, 'forecast');
      return { mean, intervals };
    },
  };
}
