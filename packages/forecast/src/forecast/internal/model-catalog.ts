import { DyocenseError } from '@dyocense/core';
import { autoArima } from '../../arima/auto-arima.js';
import { type ArimaModel, fitArima } from '../../arima/fit-arima.js';
import { autoCes } from '../../ces/auto-ces.js';
import { type CesModel, cesMinimumLength, fitCes } from '../../ces/fit-ces.js';
import { fitDecomposable } from '../../decomposable/fit-decomposable.js';
import { autoEts } from '../../ets/auto-ets.js';
import { type EtsModel, fitEts } from '../../ets/fit-ets.js';
import { fitCroston } from '../../intermittent/fit-croston.js';
import { fitTsb } from '../../intermittent/fit-tsb.js';
import type { FittedModel } from '../../model/fitted-model.js';
import { fitMstlForecast } from '../../mstl/fit-mstl-forecast.js';
import { fitDrift } from '../../naive/fit-drift.js';
import { fitMean } from '../../naive/fit-mean.js';
import { fitNaive } from '../../naive/fit-naive.js';
import { fitNaive2 } from '../../naive/fit-naive2.js';
import { fitSeasonalNaive } from '../../naive/fit-seasonal-naive.js';
import { fitRegressionForecast } from '../../regression/fit-regression-forecast.js';
import { fitOptimizedTheta } from '../../theta/fit-optimized-theta.js';
import { fitTheta } from '../../theta/fit-theta.js';
import type { ForecastModelName } from '../forecast-options.js';
import type { SeriesContext } from './create-series-context.js';

/** Settings every catalogue fit receives besides the history. */
export interface FitContext {
  /** Seasonal period (1 for none). */
  readonly period: number;
  readonly seed: number;
  /** Cycles of multi-seasonal methods (`mstl`), ascending, each at least 2; default `[period]` when seasonal. */
  readonly seasonPeriods?: readonly number[];
  /** Timestamps, regressors and options, for the models that use more than the values. */
  readonly series?: SeriesContext;
}

/** How the public API fits one named model. */
export interface CatalogEntry {
  /** Fewest observations the method accepts for this period. */
  readonly minimumLength: (period: number) => number;
  /** Whether the method uses the seasonal period at all. */
  readonly seasonal: boolean;
  /** Suited to intermittent (zero-heavy) demand. */
  readonly intermittent: boolean;
  readonly fit: (values: readonly number[], context: FitContext) => FittedModel;
  /** Whether `auto` should consider the method for a history of `length` (default: always). */
  readonly autoCandidate?: (length: number, context: FitContext) => boolean;
  /**
   * Applies the model selected on the whole history (its orders or components and, where the method allows,
   * its estimated parameters) to a prefix of that history without searching or optimising again: the
   * cross-validation windows of `auto` and `ensemble` use it, which makes them cheap for the automatic ARIMA
   * and ETS searches. Omitted where `fit` is already cheap.
   */
  readonly refit?: (model: FittedModel, values: readonly number[], context: FitContext) => FittedModel;
}

function seriesOf(context: FitContext, model: string): SeriesContext {
  if (context.series === undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${model} needs the series' timestamps; fit it through fit() or forecast()`,
    });
  }
  return context.series;
}

function multiplePeriods(context: FitContext): readonly number[] {
  const periods = context.seasonPeriods ?? (context.period > 1 ? [context.period] : []);
  if (periods.length === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: 'mstl needs a seasonal period of at least 2 (options.seasonPeriods or a seasonal frequency)',
    });
  }
  return periods;
}

/** The single models the public API can fit by name (`auto` and `ensemble` are built from them). */
export const modelCatalog: Partial<Record<Exclude<ForecastModelName, 'auto' | 'ensemble'>, CatalogEntry>> = {
  naive: { minimumLength: () => 2, seasonal: false, intermittent: false, fit: (values) => fitNaive(values) },
  snaive: {
    minimumLength: (period) => period + 1,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => fitSeasonalNaive(values, period),
  },
  naive2: {
    minimumLength: () => 2,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => fitNaive2(values, period),
  },
  drift: { minimumLength: () => 3, seasonal: false, intermittent: false, fit: (values) => fitDrift(values) },
  mean: { minimumLength: () => 2, seasonal: false, intermittent: false, fit: (values) => fitMean(values) },
  arima: {
    minimumLength: () => 3,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => autoArima(values, { seasonPeriod: period }),
    refit: (model, values) => {
      const arima = model as ArimaModel;
      const specification = {
        order: arima.order,
        seasonalOrder: arima.seasonalOrder,
        seasonPeriod: arima.seasonPeriod,
        includeMean: 'intercept' in arima.coefficients,
        includeDrift: 'drift' in arima.coefficients,
      };
      try {
        // Coefficients held at the full-history estimate (R's order, as `coefficients` lists them): a Kalman
        // filter pass instead of an optimisation, like `forecast::tsCV` with a fitted model.
        return fitArima(values, { ...specification, fixed: Object.values(arima.coefficients) });
      } catch {
        return fitArima(values, specification);
      }
    },
  },
  ets: {
    minimumLength: () => 7,
    seasonal: true,
    intermittent: false,
    fit: (values, { period, seed }) => autoEts(values, { seasonPeriod: period, intervals: { seed } }),
    refit: (model, values, { seed }) => {
      const { specification, smoothing, initialStates } = model as EtsModel;
      try {
        // Windows are prefixes of the history, so the full fit's parameters and initial states apply as they are.
        return fitEts(values, {
          ...specification,
          parameters: { ...smoothing, initialStates },
          intervals: { seed },
        });
      } catch {
        return fitEts(values, { ...specification, intervals: { seed } });
      }
    },
  },
  croston: {
    minimumLength: () => 2,
    seasonal: false,
    intermittent: true,
    fit: (values) => fitCroston(values, { variant: 'classic' }),
  },
  sba: {
    minimumLength: () => 2,
    seasonal: false,
    intermittent: true,
    fit: (values) => fitCroston(values, { variant: 'sba' }),
  },
  tsb: {
    minimumLength: () => 2,
    seasonal: false,
    intermittent: true,
    fit: (values) => fitTsb(values, { optimize: 'mse' }),
  },
  theta: {
    minimumLength: () => 4,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => fitTheta(values, { period }),
  },
  optimized_theta: {
    minimumLength: () => 4,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => fitOptimizedTheta(values, { period }),
    // As for ETS: windows are prefixes of the history, so the full fit's ℓ0, α and θ apply as they are.
    refit: (model, values, { period }) => {
      const { initialLevel, alpha, theta } = model.parameters;
      return fitOptimizedTheta(values, {
        period,
        parameters: { initialLevel: initialLevel as number, alpha: alpha as number, theta: theta as number },
      });
    },
  },
  ces: {
    minimumLength: () => cesMinimumLength,
    seasonal: true,
    intermittent: false,
    fit: (values, { period }) => autoCes(values, { period }),
    // As for ETS and DOTM: the variant and smoothing parameters of the full fit; the initial states are
    // backcast from each window.
    refit: (model, values, { period }) => {
      const { seasonality, parameters } = model as CesModel;
      return fitCes(values, { period, seasonality, parameters });
    },
  },
  prophet: {
    minimumLength: () => 3,
    // Seasonalities come from the timestamps (daily, weekly, yearly Fourier terms), not from the period.
    seasonal: false,
    intermittent: false,
    fit: (values, context) => {
      const series = seriesOf(context, 'prophet');
      const length = values.length;
      const history = series.exogenousAt(0, length);
      const model = fitDecomposable(series.timestampsAt(0, length), values, {
        ...series.options.prophet,
        seed: context.seed,
        regressors: Object.entries(history).map(([name, regressorValues]) => ({
          name,
          values: regressorValues,
        })),
      });
      return {
        ...model,
        // Future steps on the series' calendar (months stay months), with the future regressor values.
        forecast: (horizon, levels) =>
          model.forecast(horizon, levels, {
            timestamps: series.timestampsAt(length, horizon),
            regressors: series.exogenousAt(length, horizon),
          }),
      };
    },
  },
  mstl: {
    minimumLength: () => 7,
    seasonal: true,
    intermittent: false,
    fit: (values, context) => fitMstlForecast(values, { seasonPeriods: multiplePeriods(context) }),
    // MSTL earns its place only where two cycles can be separated, each with more than two repetitions.
    autoCandidate: (length, context) =>
      (context.seasonPeriods ?? []).filter((period) => length > 2 * period).length >= 2,
  },
  regression: {
    minimumLength: () => 13,
    seasonal: true,
    intermittent: false,
    fit: (values, context) => {
      const series = seriesOf(context, 'regression');
      const length = values.length;
      const model = fitRegressionForecast(series.timestampsAt(0, length), values, {
        seasonPeriod: context.period,
        exogenous: series.exogenousAt(0, length),
        timeZone: series.timeZone,
      });
      return {
        ...model,
        forecast: (horizon, levels) =>
          model.forecast(horizon, levels, { exogenous: series.exogenousAt(length, horizon) }),
      };
    },
  },
};

/**
 * Members of `ensemble` when none are named: ETS, ARIMA, CES and the dynamic optimised Theta (whichever the
 * catalogue has), the combination of Petropoulos & Svetunkov, 6th in M4 and within 0.03 OWA of the winner.
 * Held out at the end of the development series (bench/forecast/RESULTS.md, 2026-12-03), the median of these
 * four, pruned as `auto` prunes, scored 0.97-0.99 of the median of ETS, ARIMA and Theta on M3 and M4 monthly,
 * 0.98-1.00 on tourism and 1.00 on M4 daily, and 1.02 on M4 weekly.
 */
export const defaultEnsembleMembers: readonly Exclude<ForecastModelName, 'auto' | 'ensemble'>[] = [
  'ets',
  'arima',
  'ces',
  'optimized_theta',
];

/**
 * Candidates `auto` compares by cross-validation for regular series, in order of preference on ties; the
 * median combination of the default ensemble members is a candidate too. `mstl` joins only where two seasonal
 * cycles fit in the history (see its `autoCandidate`).
 */
export const autoCandidates: readonly Exclude<ForecastModelName, 'auto' | 'ensemble'>[] = [
  'ets',
  'arima',
  'ces',
  'optimized_theta',
  'theta',
  'snaive',
  'naive',
  'mstl',
];

/** Candidates `auto` compares for intermittent series (more than 30% zeros). */
export const intermittentCandidates: readonly Exclude<ForecastModelName, 'auto' | 'ensemble'>[] = [
  'croston',
  'sba',
  'tsb',
  'naive',
];
