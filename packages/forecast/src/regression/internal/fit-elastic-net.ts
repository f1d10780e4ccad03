/**
 * A linear model fitted by {@link fitElasticNet}, on the original feature scale.
 */
export interface ElasticNetFit {
  /** Unpenalised constant. */
  readonly intercept: number;
  /** One coefficient per column, in the column's own units. */
  readonly coefficients: Float64Array;
  /** One coefficient per column for the standardised column (change in the target per standard deviation). */
  readonly standardized: Float64Array;
  /** The penalty the fit ends at. */
  readonly lambda: number;
}

/** Inputs of {@link fitElasticNet} and {@link elasticNetPath}. */
export interface ElasticNetProblem {
  /** Feature columns, each at least `rowCount` long; only the first `rowCount` rows are used. */
  readonly columns: readonly Float64Array[];
  /** Target, at least `rowCount` long. */
  readonly target: Float64Array;
  /** Number of leading rows to fit on (a prefix, so time-ordered rows never see the future). */
  readonly rowCount: number;
  /** Elastic-net mixing in [0, 1]: 0 is ridge, 1 is the lasso. */
  readonly mixing: number;
}

const convergenceTolerance = 1e-6;
const maximumSweeps = 2000;
/** glmnet's floor on the mixing when computing the largest useful penalty, so ridge gets a finite path. */
const minimumPathMixing = 1e-3;

interface Standardized {
  readonly matrix: Float64Array[];
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly centeredTarget: Float64Array;
  readonly targetMean: number;
  readonly targetScale: number;
}

function standardize(problem: ElasticNetProblem): Standardized {
  const { columns, target, rowCount } = problem;
  const means = new Float64Array(columns.length);
  const scales = new Float64Array(columns.length);
  const matrix = columns.map((column, index) => {
    let mean = 0;
    for (let row = 0; row < rowCount; row++) mean += (column[row] as number) / rowCount;
    let squares = 0;
    for (let row = 0; row < rowCount; row++) squares += ((column[row] as number) - mean) ** 2;
    const scale = Math.sqrt(squares / rowCount);
    means[index] = mean;
    // A column that is constant on these rows carries no information; a zero scale pins its coefficient to 0.
    const usable = scale > 1e-12 * (1 + Math.abs(mean));
    scales[index] = usable ? scale : 0;
    const values = new Float64Array(rowCount);
    if (usable)
      for (let row = 0; row < rowCount; row++) values[row] = ((column[row] as number) - mean) / scale;
    return values;
  });
  let targetMean = 0;
  for (let row = 0; row < rowCount; row++) targetMean += (target[row] as number) / rowCount;
  const centeredTarget = new Float64Array(rowCount);
  let targetSquares = 0;
  for (let row = 0; row < rowCount; row++) {
    const value = (target[row] as number) - targetMean;
    centeredTarget[row] = value;
    targetSquares += value * value;
  }
  return {
    matrix,
    means,
    scales,
    centeredTarget,
    targetMean,
    targetScale: Math.sqrt(targetSquares / rowCount),
  };
}

/**
 * The penalties worth trying, largest first: from the smallest penalty that sets every coefficient to zero down
 * to `ratio` times it, evenly spaced on the log scale. `[0]` when no column is correlated with the target.
 */
export function penaltyGrid(problem: ElasticNetProblem, count = 60, ratio = 1e-4): number[] {
  const { matrix, centeredTarget } = standardize(problem);
  let largest = 0;
  for (const column of matrix) {
    let product = 0;
    for (let row = 0; row < problem.rowCount; row++)
      product += (column[row] as number) * (centeredTarget[row] as number);
    largest = Math.max(largest, Math.abs(product) / problem.rowCount);
  }
  largest /= Math.max(problem.mixing, minimumPathMixing);
  if (!(largest > 0) || !Number.isFinite(largest)) return [0];
  return Array.from({ length: count }, (_, index) => largest * ratio ** (index / (count - 1)));
}

/**
 * Elastic-net fits along a path of penalties (Friedman, Hastie & Tibshirani 2010, "Regularization paths for
 * generalized linear models via coordinate descent"): minimises
 * (1 / 2n) Σ (y − b₀ − Σ βⱼ zⱼ)² + λ (α Σ |βⱼ| + (1 − α)/2 Σ βⱼ²) over standardised columns zⱼ (mean 0,
 * population standard deviation 1) with an unpenalised intercept, by cyclic coordinate descent with warm starts
 * and covariance updates (the Gram matrix is formed once, so a sweep costs O(p²), not O(np)). A fit stops when
 * no standardised coefficient moves by more than 1e-6 target standard deviations in a sweep.
 * Deterministic: no randomness, a fixed sweep order.
 *
 * @param lambdas - penalties, best given largest first (each fit starts from the previous one).
 * @param start - standardised coefficients to start the first fit from (default zeros).
 * @returns one fit per penalty, in the order given.
 */
export function elasticNetPath(
  problem: ElasticNetProblem,
  lambdas: readonly number[],
  start?: Float64Array,
): ElasticNetFit[] {
  const { matrix, scales, means, centeredTarget, targetMean, targetScale } = standardize(problem);
  const { rowCount, mixing } = problem;
  const width = matrix.length;
  // gram[j * width + k] = (1/n) zⱼ·zₖ; correlations[j] = (1/n) zⱼ·(y − ȳ).
  const gram = new Float64Array(width * width);
  const correlations = new Float64Array(width);
  for (let left = 0; left < width; left++) {
    if (scales[left] === 0) continue;
    const leftColumn = matrix[left] as Float64Array;
    let correlation = 0;
    for (let row = 0; row < rowCount; row++)
      correlation += (leftColumn[row] as number) * (centeredTarget[row] as number);
    correlations[left] = correlation / rowCount;
    for (let right = left; right < width; right++) {
      if (scales[right] === 0) continue;
      const rightColumn = matrix[right] as Float64Array;
      let product = 0;
      for (let row = 0; row < rowCount; row++)
        product += (leftColumn[row] as number) * (rightColumn[row] as number);
      gram[left * width + right] = product / rowCount;
      gram[right * width + left] = product / rowCount;
    }
  }
  const beta = new Float64Array(width);
  // fittedCorrelations = gram · beta, kept up to date as coefficients move.
  const fittedCorrelations = new Float64Array(width);
  const move = (index: number, change: number): void => {
    beta[index] = (beta[index] as number) + change;
    const offset = index * width;
    for (let other = 0; other < width; other++) {
      fittedCorrelations[other] =
        (fittedCorrelations[other] as number) + change * (gram[offset + other] as number);
    }
  };
  if (start !== undefined) {
    for (let index = 0; index < width; index++) {
      const value = start[index] ?? 0;
      if (scales[index] !== 0 && value !== 0 && Number.isFinite(value)) move(index, value);
    }
  }
  const tolerance = convergenceTolerance * targetScale;
  const fits: ElasticNetFit[] = [];
  for (const lambda of lambdas) {
    const threshold = lambda * mixing;
    const shrink = 1 + lambda * (1 - mixing);
    for (let sweep = 0; sweep < maximumSweeps; sweep++) {
      let largestChange = 0;
      for (let index = 0; index < width; index++) {
        if (scales[index] === 0) continue;
        const previous = beta[index] as number;
        const rho = (correlations[index] as number) - (fittedCorrelations[index] as number) + previous;
        const next = (Math.sign(rho) * Math.max(Math.abs(rho) - threshold, 0)) / shrink;
        const change = next - previous;
        if (change === 0) continue;
        move(index, change);
        largestChange = Math.max(largestChange, Math.abs(change));
      }
      if (!(largestChange > tolerance)) break;
    }
    const coefficients = new Float64Array(width);
    let intercept = targetMean;
    for (let index = 0; index < width; index++) {
      const scale = scales[index] as number;
      if (scale === 0) continue;
      const coefficient = (beta[index] as number) / scale;
      coefficients[index] = coefficient;
      intercept -= coefficient * (means[index] as number);
    }
    fits.push({ intercept, coefficients, standardized: Float64Array.from(beta), lambda });
  }
  return fits;
}

/**
 * One elastic-net fit at `lambda`, reached along the grid from the largest penalty (or from `start`, when given,
 * directly: a warm start close to the answer).
 */
export function fitElasticNet(
  problem: ElasticNetProblem,
  lambda: number,
  start?: Float64Array,
): ElasticNetFit {
  if (start !== undefined) return elasticNetPath(problem, [lambda], start)[0] as ElasticNetFit;
  const path = penaltyGrid(problem).filter((value) => value > lambda);
  const fits = elasticNetPath(problem, [...path, lambda]);
  return fits[fits.length - 1] as ElasticNetFit;
}

/** The fit's prediction for row `row` of `columns`. */
export function predictRow(fit: ElasticNetFit, row: ArrayLike<number>): number {
  let value = fit.intercept;
  for (let index = 0; index < fit.coefficients.length; index++) {
    const coefficient = fit.coefficients[index] as number;
    if (coefficient !== 0) value += coefficient * (row[index] as number);
  }
  return value;
}
