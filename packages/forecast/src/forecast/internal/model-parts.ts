import type { DecomposableModel } from '../../decomposable/decomposable-model.js';
import type { EtsModel } from '../../ets/fit-ets.js';
import type { FittedModel } from '../../model/fitted-model.js';
import type { MstlForecastModel } from '../../mstl/fit-mstl-forecast.js';
import { etsStatePath } from './ets-state-path.js';

/** One named component of the history's decomposition. */
export interface ForecastComponent {
  /** e.g. `seasonal` (ETS), `seasonal_24` (MSTL), `weekly`, `yearly`, `Christmas Day`, `promotion`. */
  readonly name: string;
  readonly kind: 'seasonal' | 'holiday' | 'regressor';
  /** Additive components are in the units of the (transformed) series; multiplicative ones are factors (ETS) or fractions of the trend (Prophet-style, 0.1 = +10%). */
  readonly mode: 'additive' | 'multiplicative';
  /** Observations per cycle, for ETS and MSTL seasonal components. */
  readonly period?: number;
  readonly values: readonly number[];
}

/** A trend changepoint of the Prophet-style model whose rate change the prior did not switch off. */
export interface ChangepointReport {
  readonly timestamp: string;
  /** Change of slope per day, in units of the (transformed) series per day (logistic: of the growth rate). */
  readonly rateChangePerDay: number;
}

/** The structural parts a fitted model exposes; empty for models without states or components. */
export interface ModelParts {
  readonly trend?: readonly number[];
  /** ETS slope states. */
  readonly slope?: readonly number[];
  readonly seasonal: readonly ForecastComponent[];
  readonly effects: readonly ForecastComponent[];
  readonly changepoints: readonly ChangepointReport[];
}

const isEts = (model: FittedModel): model is EtsModel => 'specification' in model && 'smoothing' in model;
const isMstl = (model: FittedModel): model is MstlForecastModel => 'adjustedModel' in model;
const isDecomposable = (model: FittedModel): model is DecomposableModel =>
  'changepoints' in model && typeof (model as Partial<DecomposableModel>).components === 'function';

/** Trend, seasonal and holiday/regressor components and changepoints of `model` over its history `values`. */
export function modelParts(
  model: FittedModel,
  values: readonly number[],
  format: (timestamp: number) => string,
): ModelParts {
  if (isEts(model)) {
    const path = etsStatePath(model, values);
    const { season, seasonPeriod } = model.specification;
    return {
      trend: path.level,
      ...(path.slope === undefined ? {} : { slope: path.slope }),
      seasonal:
        path.season === undefined
          ? []
          : [
              {
                name: 'seasonal',
                kind: 'seasonal',
                mode: season === 'M' ? 'multiplicative' : 'additive',
                period: seasonPeriod,
                values: path.season,
              },
            ],
      effects: [],
      changepoints: [],
    };
  }
  if (isMstl(model)) {
    const decomposition = model.decomposition;
    if (decomposition === undefined) return { seasonal: [], effects: [], changepoints: [] };
    return {
      trend: decomposition.trend,
      seasonal: decomposition.seasonal.map((component) => ({
        name: `seasonal_${component.period}`,
        kind: 'seasonal',
        mode: 'additive',
        period: component.period,
        values: component.values,
      })),
      effects: [],
      changepoints: [],
    };
  }
  if (isDecomposable(model)) {
    const components = model.components();
    return {
      trend: components.trend,
      seasonal: components.seasonalities.map((component) => ({
        name: component.name,
        kind: 'seasonal',
        mode: component.mode,
        values: component.values,
      })),
      effects: [
        ...components.holidays.map((component) => ({
          name: component.name,
          kind: 'holiday' as const,
          mode: component.mode,
          values: component.values,
        })),
        ...components.regressors.map((component) => ({
          name: component.name,
          kind: 'regressor' as const,
          mode: component.mode,
          values: component.values,
        })),
      ],
      changepoints: model.changepoints
        .filter((changepoint) => changepoint.delta !== 0)
        .map((changepoint) => ({
          timestamp: format(changepoint.timestamp),
          rateChangePerDay: changepoint.rateChangePerDay,
        })),
    };
  }
  return { seasonal: [], effects: [], changepoints: [] };
}
