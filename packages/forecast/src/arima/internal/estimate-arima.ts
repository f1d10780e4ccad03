// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.
import {
  type ArmaOrders,
  countArmaCoefficients,
  expandArma,
  invertMovingAverage,
  invertTransform,
  rootsOutsideRadius,
  undoTransform,
} from './arima-parameters.js';
import { minimiseBfgs } from './bfgs.js';
import {
  armaSumOfSquares,
  conditionalSumOfSquares,
  createKalmanWorkspace,
  differenceSeries,
  kalmanLikelihood,
} from './kalman.js';
import { leastSquares, rightSingularVectors } from './least-squares.js';
import {
  type ArimaStateSpace,
  createStateSpace,
  differencingPolynomial,
  updateStateSpace,
} from './state-space.js';

/** Estimation method, as R's `arima(method = ...)`. */
export type EstimationMethod = 'CSS-ML' | 'ML' | 'CSS';

/** What {@link estimateArima} fits. */
export interface ArimaSpecification {
  readonly orders: ArmaOrders;
  /** Regression columns (intercept, drift, user regressors), each as long as the series. */
  readonly xreg: readonly Float64Array[];
  readonly xregNames: readonly string[];
  /** One entry per coefficient (ARMA then regression); `undefined` marks a free coefficient. */
  readonly fixed: readonly (number | undefined)[];
  readonly method: EstimationMethod;
  /**
   * Fail as R's `arima` does (non-stationary CSS start, non-finite CSS objective) instead of falling back to
   * zero starting values. Automatic selection uses it so that it rejects the models R rejects.
   */
  readonly strict: boolean;
}

/** Thrown by {@link estimateArima} in strict mode; callers turn it into a rejected model. */
export class ArimaEstimationError extends Error {
  override readonly name = 'ArimaEstimationError';
}

/** A fitted ARIMA, with everything forecasting and the information criteria need. */
export interface ArimaEstimate {
  readonly specification: ArimaSpecification;
  /** All coefficients, fixed and estimated, on the original scale. */
  readonly coefficients: Float64Array;
  readonly names: readonly string[];
  readonly freeCount: number;
  /** R's `arima()` sigma2: `ssq / n.used` (ML), or the mean squared CSS innovation (CSS). */
  readonly sigma2: number;
  /** Exact Gaussian log-likelihood (ML), or the CSS pseudo-likelihood. */
  readonly logLikelihood: number;
  /** Observations after differencing (`n - d - D s`). */
  readonly nUsed: number;
  /** Standardised innovations (`e_t / sqrt(F_t)`), or CSS innovations for `method: 'CSS'`. */
  readonly residuals: Float64Array;
  /** Filtered state at the last observation. */
  readonly state: ArimaStateSpace;
  readonly phi: Float64Array;
  readonly theta: Float64Array;
}

function coefficientNames(orders: ArmaOrders, xregNames: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 1; i <= orders.p; i++) names.push(`ar${i}`);
  for (let i = 1; i <= orders.q; i++) names.push(`ma${i}`);
  for (let i = 1; i <= orders.seasonalP; i++) names.push(`sar${i}`);
  for (let i = 1; i <= orders.seasonalQ; i++) names.push(`sma${i}`);
  return [...names, ...xregNames];
}

function difference(values: Float64Array, lag: number, times: number): Float64Array {
  let current = values;
  for (let k = 0; k < times; k++) {
    const next = new Float64Array(Math.max(current.length - lag, 0));
    for (let t = 0; t < next.length; t++) next[t] = current[t + lag]! - current[t]!;
    current = next;
  }
  return current;
}

function isStationaryAr(values: ArrayLike<number>): boolean {
  let order = values.length;
  while (order > 0 && values[order - 1] === 0) order--;
  if (order === 0) return true;
  return rootsOutsideRadius(Array.from(values).slice(0, order), 1);
}

/**
 * Fits an ARIMA model as R's `stats::arima` does (CSS starting values, exact ML through the Kalman filter,
 * Jones' stationarity transform, MA root reflection, BFGS with R's `optim` settings).
 */
export function estimateArima(y: Float64Array, specification: ArimaSpecification): ArimaEstimate {
  const { orders, method } = specification;
  const n = y.length;
  const narma = countArmaCoefficients(orders);
  const delta = differencingPolynomial(orders.d, orders.seasonalD, orders.period);
  const ncxreg = specification.xreg.length;
  const names = coefficientNames(orders, specification.xregNames);
  const fixed = specification.fixed;
  const mask = fixed.map((value) => value === undefined);
  const freeIndices = mask.flatMap((free, index) => (free ? [index] : []));
  const noOptimisation = freeIndices.length === 0;
  let transformParameters = !noOptimisation;
  for (let i = 0; i < orders.p; i++) if (!mask[i]) transformParameters = false;
  for (let i = 0; i < orders.seasonalP; i++) if (!mask[orders.p + orders.q + i]) transformParameters = false;

  let xreg = specification.xreg;
  let rotation: Float64Array | undefined;
  const init = new Float64Array(narma + ncxreg);
  const parscale = new Float64Array(narma + ncxreg).fill(1);
  let nUsed = n - delta.length;
  if (ncxreg > 0) {
    const originalXreg = ncxreg === 1 || mask.slice(narma).some((free) => !free);
    if (!originalXreg) {
      const v = rightSingularVectors(xreg);
      rotation = v;
      xreg = xreg.map((_, j) => {
        const column = new Float64Array(n);
        for (let i = 0; i < ncxreg; i++) {
          const weight = v[i + ncxreg * j]!;
          const source = specification.xreg[i]!;
          for (let t = 0; t < n; t++) column[t]! += weight * source[t]!;
        }
        return column;
      });
    }
    const differenced = (values: Float64Array): Float64Array =>
      difference(difference(values, 1, orders.d), orders.period, orders.period > 1 ? orders.seasonalD : 0);
    const dx = differenced(y);
    const dxreg = xreg.map(differenced);
    const fit =
      (dx.length > ncxreg ? leastSquares(dxreg, dx) : undefined) ?? leastSquares(xreg as Float64Array[], y);
    if (fit === undefined) throw new ArimaEstimationError('The regressors are collinear.');
    for (let j = 0; j < ncxreg; j++) {
      init[narma + j] = fit.coefficients[j]!;
      const se = fit.standardErrors[j]!;
      parscale[narma + j] = Number.isFinite(se) && se > 0 ? 10 * se : 1;
    }
    nUsed = n - delta.length;
  }
  if (nUsed <= 0) throw new ArimaEstimationError('Too few observations after differencing.');

  const coef = new Float64Array(narma + ncxreg);
  for (let i = 0; i < coef.length; i++) coef[i] = fixed[i] ?? Number.NaN;
  const freeParscale = Float64Array.from(freeIndices, (index) => parscale[index]!);

  const adjusted = new Float64Array(n);
  const applyRegression = (parameters: Float64Array): Float64Array => {
    adjusted.set(y);
    for (let j = 0; j < ncxreg; j++) {
      const beta = parameters[narma + j]!;
      if (beta === 0) continue;
      const column = xreg[j]!;
      for (let t = 0; t < n; t++) adjusted[t]! -= beta * column[t]!;
    }
    return adjusted;
  };
  const withFree = (base: Float64Array, free: Float64Array): Float64Array => {
    const full = Float64Array.from(base);
    for (let k = 0; k < freeIndices.length; k++) full[freeIndices[k]!] = free[k]!;
    return full;
  };

  const cssConditioning =
    orders.d + orders.seasonalD * orders.period + orders.p + orders.period * orders.seasonalP;
  // Differencing is linear, so the differenced regression residual is diff(y) - sum_j beta_j diff(x_j): the
  // differences are taken once here instead of on every evaluation, which dominated the CSS search's time.
  const differencedY = differenceSeries(y, orders.d, orders.seasonalD, orders.period);
  const differencedXreg = xreg.map((column) =>
    differenceSeries(column, orders.d, orders.seasonalD, orders.period),
  );
  const cssSeries = new Float64Array(n);
  const cssResiduals = new Float64Array(n);
  const cssObjective = (free: Float64Array): number => {
    const parameters = withFree(coef, free);
    const { phi, theta } = expandArma(parameters, orders, false);
    if (ncxreg === 0) {
      return 0.5 * Math.log(armaSumOfSquares(differencedY, phi, theta, cssConditioning, cssResiduals));
    }
    // The first regressor is subtracted while copying (usually the only one: the mean or the drift).
    for (let j = 0; j < ncxreg; j++) {
      const beta = parameters[narma + j]!;
      const column = differencedXreg[j]!;
      const source = j === 0 ? differencedY : cssSeries;
      for (let t = 0; t < n; t++) cssSeries[t] = source[t]! - beta * column[t]!;
    }
    return 0.5 * Math.log(armaSumOfSquares(cssSeries, phi, theta, cssConditioning, cssResiduals));
  };

  const initialArma = expandArma(new Float64Array(narma + ncxreg), orders, false);
  const state = createStateSpace(initialArma.phi, initialArma.theta, delta);
  const workspace = createKalmanWorkspace(state.rd);
  // The optimiser filters the differenced series with the ARMA states alone. With diffuse differencing states
  // (R's approach, used for the final pass below) the first d innovations are left out and the others equal
  // those of the differenced series up to O(1 / kappa), so the optimum is the same while each step costs
  // O(r^2) instead of O((r + d)^2): seasonal differencing adds `period` states (24 for hourly data).
  const dl = delta.length;
  const armaState =
    dl > 0 ? createStateSpace(initialArma.phi, initialArma.theta, new Float64Array(0)) : undefined;
  const armaWorkspace = armaState === undefined ? undefined : createKalmanWorkspace(armaState.rd);
  const differenced = new Float64Array(Math.max(n - dl, 0));
  const likelihoodObjective = (free: Float64Array, transform: boolean): number => {
    const parameters = withFree(coef, free);
    const { phi, theta } = expandArma(parameters, orders, transform);
    const regressed = applyRegression(parameters);
    let terms: { ssq: number; sumLog: number; count: number };
    if (armaState !== undefined && armaWorkspace !== undefined) {
      for (let t = 0; t < differenced.length; t++) {
        let value = regressed[t + dl]!;
        for (let i = 0; i < dl; i++) value -= delta[i]! * regressed[t + dl - 1 - i]!;
        differenced[t] = value;
      }
      updateStateSpace(armaState, phi, theta);
      terms = kalmanLikelihood(differenced, armaState, armaWorkspace);
    } else {
      updateStateSpace(state, phi, theta);
      terms = kalmanLikelihood(regressed, state, workspace);
    }
    const s2 = terms.ssq / terms.count;
    const value = 0.5 * (Math.log(s2) + terms.sumLog / terms.count);
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };

  const freeInit = (): Float64Array => Float64Array.from(freeIndices, (index) => init[index]!);

  if (method === 'CSS') {
    if (!noOptimisation) {
      const start = freeInit();
      if (!Number.isFinite(cssObjective(start)))
        throw new ArimaEstimationError('The CSS objective is not finite.');
      const result = minimiseBfgs(cssObjective, start, { parscale: freeParscale });
      freeIndices.forEach((index, k) => {
        coef[index] = result.parameters[k]!;
      });
    }
    const { phi, theta } = expandArma(coef, orders, false);
    updateStateSpace(state, phi, theta);
    const regressed = applyRegression(coef);
    kalmanLikelihood(regressed, state, workspace);
    const residuals = new Float64Array(n);
    const sigma2 = conditionalSumOfSquares(
      regressed,
      orders.d,
      orders.seasonalD,
      orders.period,
      phi,
      theta,
      cssConditioning,
      residuals,
    );
    const value = 0.5 * Math.log(sigma2);
    const logLikelihood = -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI));
    return finish(coef, sigma2, logLikelihood, residuals, phi, theta);
  }

  if (method === 'CSS-ML' && !noOptimisation) {
    const start = freeInit();
    let cssOk = Number.isFinite(cssObjective(start));
    if (cssOk) {
      const result = minimiseBfgs(cssObjective, start, { parscale: freeParscale });
      if (!result.hitIterationLimit) {
        freeIndices.forEach((index, k) => {
          init[index] = result.parameters[k]!;
        });
      }
      const arPart = init.subarray(0, orders.p);
      const seasonalArPart = init.subarray(orders.p + orders.q, orders.p + orders.q + orders.seasonalP);
      cssOk = isStationaryAr(arPart) && isStationaryAr(seasonalArPart);
    }
    if (!cssOk) {
      if (specification.strict) throw new ArimaEstimationError('Non-stationary AR part from CSS.');
      // Fall back to R's method = "ML" starting values: zero ARMA coefficients.
      init.fill(0, 0, narma);
    }
  }

  let free = freeInit();
  if (transformParameters) {
    const transformed = invertTransform(init, orders);
    invertMaBlocks(transformed, orders, () => true);
    free = Float64Array.from(freeIndices, (index) => transformed[index]!);
  }
  if (!noOptimisation) {
    const result = minimiseBfgs((parameters) => likelihoodObjective(parameters, transformParameters), free, {
      parscale: freeParscale,
    });
    freeIndices.forEach((index, k) => {
      coef[index] = result.parameters[k]!;
    });
    if (transformParameters) {
      invertMaBlocks(coef, orders, (index) => mask[index] === true);
      const untransformed = undoTransform(coef, orders);
      coef.set(untransformed);
    }
  }
  const { phi, theta } = expandArma(coef, orders, false);
  updateStateSpace(state, phi, theta);
  const residuals = new Float64Array(n);
  const terms = kalmanLikelihood(applyRegression(coef), state, workspace, residuals);
  const sigma2 = terms.ssq / nUsed;
  const value = 0.5 * (Math.log(terms.ssq / terms.count) + terms.sumLog / terms.count);
  const logLikelihood = -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI));
  return finish(coef, sigma2, logLikelihood, residuals, phi, theta);

  function finish(
    parameters: Float64Array,
    sigma2: number,
    logLikelihood: number,
    residuals: Float64Array,
    phi: Float64Array,
    theta: Float64Array,
  ): ArimaEstimate {
    const coefficients = Float64Array.from(parameters);
    if (rotation !== undefined) {
      for (let i = 0; i < ncxreg; i++) {
        let sum = 0;
        for (let j = 0; j < ncxreg; j++) sum += rotation[i + ncxreg * j]! * parameters[narma + j]!;
        coefficients[narma + i] = sum;
      }
    }
    return {
      specification,
      coefficients,
      names,
      freeCount: freeIndices.length,
      sigma2,
      logLikelihood,
      nUsed,
      residuals,
      state,
      phi,
      theta,
    };
  }
}

/** Applies R's `maInvert` to the MA and seasonal MA blocks whose coefficients are all free. */
function invertMaBlocks(
  parameters: Float64Array,
  orders: ArmaOrders,
  isFree: (index: number) => boolean,
): void {
  const blocks: [number, number][] = [
    [orders.p, orders.q],
    [orders.p + orders.q + orders.seasonalP, orders.seasonalQ],
  ];
  for (const [start, length] of blocks) {
    if (length === 0) continue;
    let allFree = true;
    for (let i = start; i < start + length; i++) if (!isFree(i)) allFree = false;
    if (!allFree) continue;
    const inverted = invertMovingAverage(Array.from(parameters.subarray(start, start + length)));
    for (let i = 0; i < length; i++) parameters[start + i] = inverted[i]!;
  }
}
