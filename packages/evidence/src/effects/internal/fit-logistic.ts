import { leastSquares } from '../../internal/linear-algebra/least-squares.js';

/** A logistic regression fitted by iteratively reweighted least squares (Newton's method). */
export interface LogisticFit {
  /** Intercept first, then one per column. */
  readonly coefficients: Float64Array;
  readonly probabilities: Float64Array;
  readonly iterations: number;
}

/**
 * Fits P(t = 1 | x) = 1 / (1 + exp(−(b₀ + xᵀb))) by IRLS, each step a QR least-squares solve of the weighted
 * working response (as statsmodels `Logit.fit(method='newton')`). `columns` are column-major `rows × width`.
 * Returns a reason instead of coefficients when the design is collinear or the classes are separated.
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  treatment: Float64Array,
): LogisticFit | { readonly failure: string } {
  const n = treatment.length;
  const m = columns.length + 1;
  let beta: Float64Array = new Float64Array(m);
  const eta = new Float64Array(n);
  const probabilities = new Float64Array(n);
  const design = new Float64Array(n * m);
  const working = new Float64Array(n);
  let previousDeviance = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= 100; iteration++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(eta[i] as number)));
      probabilities[i] = p;
      const weight = Math.max(p * (1 - p), 1e-300);
      const root = Math.sqrt(weight);
      design[i] = root;
      columns.forEach((column, j) => {
        design[(j + 1) * n + i] = root * (column[i] as number);
      });
      working[i] = root * ((eta[i] as number) + ((treatment[i] as number) - p) / weight);
    }
    const fit = leastSquares(design, n, m, working);
    if (fit.qr.dependentColumn >= 0) {
      return {
        failure:
          fit.qr.dependentColumn === 0
            ? 'the propensity model is degenerate'
            : `covariate ${fit.qr.dependentColumn} is collinear with the others`,
      };
    }
    beta = fit.coefficients;
    let deviance = 0;
    let extreme = false;
    for (let i = 0; i < n; i++) {
      let value = beta[0] as number;
      columns.forEach((column, j) => {
        value += (beta[j + 1] as number) * (column[i] as number);
      });
      eta[i] = value;
      if (Math.abs(value) > 35) extreme = true;
      const p = 1 / (1 + Math.exp(-value));
      probabilities[i] = p;
      const t = treatment[i] as number;
      deviance -= 2 * (t * Math.log(Math.max(p, 1e-300)) + (1 - t) * Math.log(Math.max(1 - p, 1e-300)));
    }
    if (extreme) {
      return {
        failure: 'the covariates separate treated from untreated almost perfectly (propensities of 0 or 1)',
      };
    }
    if (Math.abs(previousDeviance - deviance) < 1e-12 * (1 + Math.abs(deviance))) {
      return { coefficients: beta, probabilities, iterations: iteration };
    }
    previousDeviance = deviance;
  }
  return { failure: 'the propensity model did not converge in 100 Newton steps' };
}
