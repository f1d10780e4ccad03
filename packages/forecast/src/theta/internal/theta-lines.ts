/** The state of the two-theta-lines recursion after observation i (1-based in the formulas). */
interface ThetaState {
  level: number;
  mean: number;
  intercept: number;
  slope: number;
}

/** Parameters of the Fiorucci et al. (2016) theta models: ℓ0, α and θ. */
export interface ThetaLinesParameters {
  readonly initialLevel: number;
  readonly alpha: number;
  readonly theta: number;
}

/** One-step predictions μ_t and the final state, from {@link runThetaLines}. */
export interface ThetaLinesRun {
  readonly predictions: number[];
  readonly final: Readonly<ThetaState>;
}

/**
 * The state-space recursion of the optimised and dynamic optimised theta models (Fiorucci et al. 2016, eqs. for
 * OTM and DOTM; as `forecTheta::twoTL`):
 *   μ_{t+1} = ℓ_t + (1 - 1/θ)·(A_t(1-α)^t + B_t(1 - (1-α)^{t+1})/α)
 *   ℓ_{t+1} = α·y_{t+1} + (1-α)·ℓ_t,  Ȳ_{t+1} = (t·Ȳ_t + y_{t+1})/(t+1)
 * and, when dynamic, B_{t+1} = ((t-1)B_t + 6(y_{t+1} - Ȳ_t)/(t+1))/(t+2), A_{t+1} = Ȳ_{t+1} - B_{t+1}(t+2)/2;
 * otherwise A and B are the OLS intercept and slope of the whole history. μ_1 = y_1 (dynamic) or
 * ℓ0 + (1 - 1/θ)(A + B). After the history, `shocks` (one per step) are added to μ to give the future values
 * the states are updated with, so the same code gives the point forecasts (zero shocks) and the exact response
 * to a unit shock.
 */
export function runThetaLines(
  values: readonly number[],
  parameters: ThetaLinesParameters,
  dynamic: boolean,
  future: { readonly steps: number; readonly shocks?: readonly number[] } = { steps: 0 },
): ThetaLinesRun {
  const { initialLevel, alpha, theta } = parameters;
  const n = values.length;
  let staticIntercept = 0;
  let staticSlope = 0;
  if (!dynamic) {
    let mean = 0;
    let weighted = 0;
    values.forEach((value, index) => {
      mean += value / n;
      weighted += ((index + 1) * value) / n;
    });
    staticSlope = n > 1 ? (6 * (2 * weighted - (1 + n) * mean)) / (n * n - 1) : 0;
    staticIntercept = mean - ((n + 1) * staticSlope) / 2;
  }
  const first = values[0] as number;
  const weight = 1 - 1 / theta;
  const state: ThetaState = {
    level: alpha * first + (1 - alpha) * initialLevel,
    mean: first,
    intercept: dynamic ? first : staticIntercept,
    slope: dynamic ? 0 : staticSlope,
  };
  const predictions: number[] = [dynamic ? first : initialLevel + weight * (staticIntercept + staticSlope)];
  const total = n + future.steps;
  const retained = 1 - alpha;
  // (1 - α)^i as a running product: a power per step was most of the cost of fitting DOTM.
  let decay = 1;
  for (let i = 1; i < total; i += 1) {
    decay *= retained;
    const prediction =
      state.level + weight * (state.intercept * decay + (state.slope * (1 - decay * retained)) / alpha);
    predictions.push(prediction);
    const value = i < n ? (values[i] as number) : prediction + (future.shocks?.[i - n] ?? 0);
    const previousMean = state.mean;
    state.level = alpha * value + retained * state.level;
    state.mean = (i * previousMean + value) / (i + 1);
    if (dynamic) {
      state.slope = ((i - 1) * state.slope + (6 * (value - previousMean)) / (i + 1)) / (i + 2);
      state.intercept = state.mean - (state.slope * (i + 2)) / 2;
    }
  }
  return { predictions, final: state };
}
