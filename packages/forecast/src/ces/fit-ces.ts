import { DyocenseError, normalQuantile, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { lagariasNelderMead } from '../internal/lagarias-nelder-mead.js';
import type { FittedModel, InformationCriteria, ModelForecast } from '../model/fitted-model.js';
import { ensureFinite } from '../naive/internal/ensure-finite.js';
import { validateForecastRequest, validateHistory } from '../naive/internal/validate-history.js';
import { backcastCesStates, heuristicCesStates } from './internal/ces-initial-states.js';
import { type CesSeasonality, cesBlocks, cesLabels, cesParameterNames } from './internal/ces-structure.js';
import { isCesStable } from './internal/is-ces-stable.js';
import { runCes } from './internal/run-ces.js';

/** Options of {@link fitCes}. */
export interface CesOptions {
  /** Observations per seasonal cycle (default 1); seasonal variants need at least 2. */
  readonly period?: number;
  /** `none` (default), `simple`, `partial` or `full` (see {@link fitCes}). */
  readonly seasonality?: CesSeasonality;
  /**
   * Smoothing parameters held fixed instead of estimated, by name as a fitted model's `parameters` lists them
   * (`alpha0`, `alpha1`, and `beta` or `beta0`, `beta1`; other entries such as `sigma` are ignored). They must
   * lie in the stable region. The initial states are still backcast from `values`.
   */
  readonly parameters?: Readonly<Record<string, number>>;
}

/** A fitted complex exponential smoothing model. */
export interface CesModel extends FittedModel {
  readonly seasonality: CesSeasonality;
  /** The `period` option (1 when omitted). */
  readonly period: number;
  /** Gaussian likelihood criteria; AICc is +Infinity when the series has too few observations for k. */
  readonly informationCriteria: InformationCriteria;
}

/** Fewest observations any CES variant is fitted to (a handful of errors per estimated parameter). */
export const cesMinimumLength = 8;

const optionsSchema = z.object({
  period: z.number().int().min(1).optional(),
  seasonality: z.enum(['none', 'simple', 'partial', 'full']).optional(),
  parameters: z.record(z.string(), z.number()).optional(),
});

// Candidate starts (statsforecast starts at 1.3 + 1i, and 0.1 for the real seasonal weight): the likelihood of
// CES can have several optima, so the optimiser starts from the best admissible point of this small grid.
const complexStarts: readonly (readonly number[])[] = [
  [1.3, 1],
  [1.05, 0.5],
  [1.3, 0.9],
  [1.6, 0.9],
  [1.6, 1],
  [1.05, 0.9],
];
const starts: Readonly<Record<CesSeasonality, readonly (readonly number[])[]>> = {
  none: complexStarts,
  simple: complexStarts,
  partial: complexStarts.flatMap((start) => [
    [...start, 0.1],
    [...start, 0.3],
  ]),
  full: complexStarts.flatMap((start) =>
    complexStarts.slice(0, 3).map((seasonal) => [...start, ...seasonal]),
  ),
};

/**
 * Complex exponential smoothing (CES) of Svetunkov & Kourentzes ("Complex exponential smoothing", Naval
 * Research Logistics 2022) with the seasonal variants of Svetunkov, Kourentzes & Ord ("Complex exponential
 * smoothing for seasonal time series", EJOR 2022). The level is complex, ℓ_t + i·c_t, smoothed with a complex
 * parameter α0 + i·α1, which lets one model move between level and trend behaviour:
 * - `none`: y_t = ℓ_{t−1} + ε_t;
 * - `simple`: the same recursion on lag m (each season's position has its own complex level);
 * - `partial`: non-seasonal complex level plus a real additive seasonal s_t = s_{t−m} + β·ε_t;
 * - `full`: non-seasonal complex level plus a seasonal complex level (β0 + i·β1) on lag m.
 *
 * Estimation: Gaussian additive errors, maximum likelihood (least squares) over the smoothing parameters by
 * Nelder–Mead (from the best of a small grid of admissible starts, then restarted once), constrained to the
 * stable ("admissible") region where the influence of a past error dies out (for the non-seasonal model: the
 * discount matrix F − g·w′ has its eigenvalues inside the unit circle; seasonal models are checked on their
 * lagged recursions, see `isCesStable`).
 * Initial states are not optimised: they come from backcasting (see `backcastCesStates`), as
 * `smooth::ces(initial = "backcasting")` does. The information criteria still count them as parameters
 * (2 for the non-seasonal level, m or 2m per seasonal part), because backcasting fits them to the same data;
 * k = smoothing parameters + initial states + σ.
 *
 * Intervals: the model is linear in its states, so Var(y_{n+h}) = σ² Σ_{j<h} ψ_j² with ψ_j the response of
 * step j to a unit error (ψ_0 = 1), computed exactly from the recursions; σ² = Σ e_t² / (n − smoothing parameters).
 *
 * @param values - equally spaced finite observations, at least 8 and, for a seasonal variant, two periods.
 * @returns a {@link CesModel} named `CES(n)`, `CES(s)`, `CES(p)` or `CES(f)` with parameters `alpha0`,
 *   `alpha1` (and `beta` or `beta0`, `beta1`) and `sigma`.
 * @throws DyocenseError `invalid_input` for non-finite values, bad options or a seasonal variant with period 1;
 *   `insufficient_data` for too short a series.
 * @example
 * const model = fitCes(monthlySales, { period: 12, seasonality: 'full' });
 * model.forecast(18, [80, 95]);
 */
export function fitCes(values: readonly number[], options: CesOptions = {}): CesModel {
  const parsed = parseInput(optionsSchema, options, 'CES options');
  const period = parsed.period ?? 1;
  const seasonality = parsed.seasonality ?? 'none';
  const method = cesLabels[seasonality];
  if (seasonality !== 'none' && period < 2) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${method} needs a seasonal period of at least 2; got ${period}.`,
      issues: [{ path: ['period'], message: 'Expected an integer >= 2', code: 'invalid_period' }],
    });
  }
  const minimum = seasonality === 'none' ? cesMinimumLength : Math.max(cesMinimumLength, 2 * period);
  const y = validateHistory(values, method, minimum);
  const n = y.length;
  const names = cesParameterNames[seasonality];

  const observations = Float64Array.from(y);
  const reversed = observations.slice().reverse();
  const backwardStart = heuristicCesStates(reversed, seasonality, period);
  const filter = (parameters: readonly number[], steps = n) => {
    const blocks = cesBlocks(seasonality, period, parameters);
    const initial = backcastCesStates(reversed, blocks, backwardStart);
    return runCes(blocks, initial, steps, observations);
  };
  const objective = (parameters: readonly number[]) => {
    if (!isCesStable(cesBlocks(seasonality, period, parameters))) return Number.POSITIVE_INFINITY;
    const { errors } = filter(parameters);
    let sum = 0;
    for (let t = 0; t < n; t += 1) sum += (errors[t] as number) ** 2;
    return sum;
  };

  function estimate(): { point: readonly number[]; value: number } {
    let start: readonly number[] | undefined;
    let startValue = Number.POSITIVE_INFINITY;
    for (const candidate of starts[seasonality]) {
      const value = objective(candidate);
      if (value < startValue) {
        start = candidate;
        startValue = value;
      }
    }
    if (start === undefined) {
      throw new DyocenseError({
        code: 'insufficient_data',
        message: `${method} could not be fitted to this series.`,
      });
    }
    let found = lagariasNelderMead(objective, start, { relativeTolerance: 1e-8, maxIterations: 1000 });
    // A restart from the optimum guards against Nelder–Mead's premature collapse.
    const restart = lagariasNelderMead(objective, found.point, {
      relativeTolerance: 1e-8,
      maxIterations: 1000,
    });
    if (restart.value <= found.value) found = restart;
    return found;
  }
  function fixedPoint(fixed: Readonly<Record<string, number>>): { point: readonly number[]; value: number } {
    const point = names.map((name) => fixed[name]);
    const value = point.every((entry) => entry !== undefined && Number.isFinite(entry))
      ? objective(point as number[])
      : Number.POSITIVE_INFINITY;
    if (!Number.isFinite(value)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Fixed ${method} parameters need finite ${names.join(', ')} in the stable region; got ${JSON.stringify(fixed)}.`,
        issues: [{ path: ['parameters'], message: 'Missing or not admissible', code: 'invalid_parameters' }],
      });
    }
    return { point: point as number[], value };
  }
  const best = parsed.parameters === undefined ? estimate() : fixedPoint(parsed.parameters);
  const point = best.point;
  const run = filter(point);
  const residuals = ensureFinite(Array.from(run.errors), method, 'residuals');
  const fitted = ensureFinite(Array.from(run.predictions), method, 'fitted values');

  const q = names.length;
  // A floor keeps the likelihood finite for a series the model fits exactly (e.g. a constant).
  const scale = y.reduce((sum, value) => sum + Math.abs(value), 0) / n || 1;
  const sse = Math.max(best.value, n * (1e-12 * scale) ** 2);
  // Backcast initial states are fitted to the data as surely as estimated ones, so they count as parameters:
  // otherwise the 2m seasonal states of the seasonal variants come free and AICc favours them on any series.
  const initialCount = cesBlocks(seasonality, period, point).reduce(
    (count, block) => count + (block.kind === 'complex' ? 2 : 1) * block.lag,
    0,
  );
  const k = q + initialCount + 1;
  const logLikelihood = -0.5 * n * (Math.log((2 * Math.PI * sse) / n) + 1);
  const aic = -2 * logLikelihood + 2 * k;
  const informationCriteria: InformationCriteria = {
    logLikelihood,
    aic,
    aicc: n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY,
    bic: -2 * logLikelihood + Math.log(n) * k,
  };
  const sigma = Math.sqrt(sse / (n - q));
  const parameters: Record<string, number> = {};
  names.forEach((name, index) => {
    parameters[name] = point[index] as number;
  });
  parameters.sigma = sigma;
  ensureFinite(Object.values(parameters), method, 'parameters');

  return {
    method,
    seasonality,
    period,
    parameters,
    fitted,
    residuals,
    informationCriteria,
    forecast(horizon: number, levels: readonly number[]): ModelForecast {
      validateForecastRequest(horizon, levels);
      const mean = ensureFinite(
        Array.from(filter(point, n + horizon).predictions.slice(n)),
        method,
        'forecast',
      );
      const blocks = cesBlocks(seasonality, period, point);
      const impulse = runCes(blocks, [], horizon, (t) => (t === 0 ? 1 : 0)).predictions;
      const standardErrors: number[] = [];
      let variance = 0;
      for (let step = 0; step < horizon; step += 1) {
        const response = step === 0 ? 1 : (impulse[step] as number);
        variance += response * response;
        standardErrors.push(sigma * Math.sqrt(variance));
      }
      const intervals = levels.map((level) => {
        const z = normalQuantile(0.5 + level / 200);
        return {
          level,
          lower: ensureFinite(
            mean.map((value, step) => value - z * (standardErrors[step] as number)),
            method,
            'interval',
          ),
          upper: ensureFinite(
            mean.map((value, step) => value + z * (standardErrors[step] as number)),
            method,
            'interval',
          ),
        };
      });
      return { mean, intervals };
    },
  };
}
