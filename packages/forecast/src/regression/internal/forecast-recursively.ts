import { dynamicWidth, type FeatureSpecification, writeDynamicFeatures } from './build-features.js';
import { type ElasticNetFit, predictRow } from './fit-elastic-net.js';

/**
 * Recursive multi-step forecasts: step h is predicted from the observed values before `origin` and the
 * predictions for steps 1..h-1, which take the place of the unknown values as lags and in rolling windows.
 *
 * @param series - the (transformed) history; only `series[0..origin)` is read.
 * @param staticRows - the known-in-advance features (calendar, exogenous) of steps 1..horizon.
 * @returns `staticRows.length` predictions on the transformed scale.
 */
export function forecastRecursively(
  fit: ElasticNetFit,
  series: readonly number[],
  origin: number,
  staticRows: readonly Float64Array[],
  specification: FeatureSpecification,
): number[] {
  const working = series.slice(0, origin);
  const dynamic = dynamicWidth(specification);
  const row = new Float64Array(fit.coefficients.length);
  const predictions: number[] = [];
  for (const known of staticRows) {
    writeDynamicFeatures(working, working.length, specification, row);
    row.set(known, dynamic);
    const prediction = predictRow(fit, row);
    predictions.push(prediction);
    working.push(prediction);
  }
  return predictions;
}
