import type { FittedModel } from '../model/fitted-model.js';

/** A {@link FittedModel} for intermittent demand, noting when it fell back to a trivial forecast. */
export interface IntermittentModel extends FittedModel {
  /** Why the forecast is a fallback (e.g. an all-zero history forecasts 0), when it is. */
  readonly fallbackReason?: string;
}
