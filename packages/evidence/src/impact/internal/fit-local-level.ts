import { type DiffuseInitialization, type FilterOutput, runLocalLevelFilter } from './local-level-filter.js';

/** A local level + static regression model fitted by maximum likelihood. */
export interface LocalLevelFit {
  readonly sigma2Irregular: number;
  readonly sigma2Level: number;
  readonly logLikelihood: number;
  readonly filter: FilterOutput;
}

const logTwoPi = Math.log(2 * Math.PI);

interface Profile {
  readonly q: number;
  readonly sigma2: number;
  readonly logLikelihood: number;
}

/**
 * Concentrated likelihood at q = σ²_η/σ²_ε: with H = 1 and Q = q the filter's prediction errors are free of the
 * scale, whose MLE is then Σ v²/F over the non-diffuse observations. Exact for the exact diffuse start; for the
 * approximate start the prior variance is rescaled to stay 10⁶ on the original scale (two fixed-point passes).
 */
function profile(
  response: Float64Array,
  regressors: readonly Float64Array[],
  q: number,
  initialization: DiffuseInitialization,
): Profile {
  let sigma2 = 1;
  let result: Profile = { q, sigma2, logLikelihood: Number.NEGATIVE_INFINITY };
  const passes = initialization === 'exact' ? 1 : 3;
  for (let pass = 0; pass < passes; pass++) {
    const filter = runLocalLevelFilter({
      response,
      regressors,
      sigma2Irregular: 1,
      sigma2Level: q,
      initialization,
      priorScale: 1 / sigma2,
    });
    const count = response.length - filter.diffuseObservations;
    sigma2 = filter.sumScaledSquares / count;
    const diffusePart =
      initialization === 'exact'
        ? -0.5 * (filter.diffuseObservations * logTwoPi + filter.sumLogDiffuseVariance)
        : 0;
    result = {
      q,
      sigma2,
      logLikelihood:
        -0.5 * count * (logTwoPi + 1 + Math.log(sigma2)) - 0.5 * filter.sumLogVariance + diffusePart,
    };
  }
  return result;
}

/**
 * Maximum-likelihood fit of the two variances. The level variance often sits at its boundary 0 (a stable
 * baseline), so q = 0 is always a candidate; otherwise a grid over log₁₀ q ∈ [−10, 2] brackets the optimum and a
 * golden-section search refines it.
 */
export function fitLocalLevel(
  response: Float64Array,
  regressors: readonly Float64Array[],
  initialization: DiffuseInitialization,
): LocalLevelFit {
  let best = profile(response, regressors, 0, initialization);
  let bestExponent = Number.NaN;
  const step = 0.5;
  for (let exponent = -10; exponent <= 2; exponent += step) {
    const candidate = profile(response, regressors, 10 ** exponent, initialization);
    if (candidate.logLikelihood > best.logLikelihood) {
      best = candidate;
      bestExponent = exponent;
    }
  }
  if (!Number.isNaN(bestExponent)) {
    const ratio = (Math.sqrt(5) - 1) / 2;
    let low = bestExponent - step;
    let high = bestExponent + step;
    let left = high - ratio * (high - low);
    let right = low + ratio * (high - low);
    let leftValue = profile(response, regressors, 10 ** left, initialization);
    let rightValue = profile(response, regressors, 10 ** right, initialization);
    while (high - low > 1e-7) {
      if (leftValue.logLikelihood >= rightValue.logLikelihood) {
        high = right;
        right = left;
        rightValue = leftValue;
        left = high - ratio * (high - low);
        leftValue = profile(response, regressors, 10 ** left, initialization);
      } else {
        low = left;
        left = right;
        leftValue = rightValue;
        right = low + ratio * (high - low);
        rightValue = profile(response, regressors, 10 ** right, initialization);
      }
    }
    for (const candidate of [leftValue, rightValue]) {
      if (candidate.logLikelihood > best.logLikelihood) best = candidate;
    }
  }
  const sigma2Irregular = best.sigma2;
  const sigma2Level = best.q * best.sigma2;
  const filter = runLocalLevelFilter({ response, regressors, sigma2Irregular, sigma2Level, initialization });
  return { sigma2Irregular, sigma2Level, logLikelihood: filter.logLikelihood, filter };
}
