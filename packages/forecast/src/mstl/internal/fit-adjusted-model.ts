import { autoArima } from '../../arima/auto-arima.js';
import { autoEts } from '../../ets/auto-ets.js';
import type { FittedModel } from '../../model/fitted-model.js';
import { fitDrift } from '../../naive/fit-drift.js';
import { fitNaive } from '../../naive/fit-naive.js';
import { fitTheta } from '../../theta/fit-theta.js';

/** Models {@link fitAdjustedModel} can fit to a seasonally adjusted series. */
export type AdjustedSeriesModel = 'ets' | 'arima' | 'theta' | 'naive' | 'drift';

/**
 * Fits the non-seasonal model R's `forecast.stl` uses for each `method`: `ets(x, model = "ZZN")` (automatic
 * non-seasonal ETS by AICc), `auto.arima(x, seasonal = FALSE)`, a random walk with or without drift; and the
 * standard Theta method without seasonal adjustment.
 */
export function fitAdjustedModel(adjusted: readonly number[], model: AdjustedSeriesModel): FittedModel {
  switch (model) {
    case 'ets':
      return autoEts(adjusted, { seasonPeriod: 1 });
    case 'arima':
      return autoArima(adjusted, { seasonal: false });
    case 'theta':
      return fitTheta(adjusted);
    case 'naive':
      return fitNaive(adjusted);
    case 'drift':
      return fitDrift(adjusted);
  }
}
