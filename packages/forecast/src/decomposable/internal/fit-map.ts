import { solvePenalizedQuadratic } from './solve-penalized-quadratic.js';
import { type Growth, trendFromPredictor } from './trend-basis.js';

/** A maximum a posteriori problem in Prophet's parametrisation, on scaled data. */
export interface MapProblem {
  /** Scaled observations `(y − floor) / scale`. */
  readonly target: Float64Array;
  readonly growth: Growth;
  /** `(cap − floor) / scale` for logistic growth. */
  readonly capScaled: number;
  /** Basis of the trend's linear predictor (see `trendBasis`). */
  readonly trendColumns: readonly Float64Array[];
  readonly featureColumns: readonly Float64Array[];
  /** Per feature column: scales the trend (`true`) or adds to it. */
  readonly multiplicative: readonly boolean[];
  /** Ridge weights `1/prior²` per parameter (trend parameters first, then features). */
  readonly ridge: Float64Array;
  /** Lasso weights `1/laplaceScale` per parameter (rate changes), 0 elsewhere. */
  readonly lasso: Float64Array;
  readonly initial: Float64Array;
}

/** The MAP estimate. */
export interface MapFit {
  readonly parameters: Float64Array;
  /** Noise standard deviation, scaled units (Prophet's `sigma_obs`). */
  readonly sigma: number;
  readonly iterations: number;
}

interface Evaluation {
  readonly fitted: Float64Array;
  readonly trend: Float64Array;
  readonly slope: Float64Array;
  readonly multiplier: Float64Array;
  readonly residualSquares: number;
}

/** Scaled prediction `g·(1 + Σ multiplicative) + Σ additive`, with the pieces the Jacobian needs. */
export function evaluateMap(problem: MapProblem, parameters: Float64Array): Evaluation {
  const count = problem.target.length;
  const trendCount = problem.trendColumns.length;
  const predictor = new Float64Array(count);
  problem.trendColumns.forEach((column, j) => {
    const value = parameters[j] ?? 0;
    if (value !== 0)
      for (let i = 0; i < count; i += 1) predictor[i] = (predictor[i] ?? 0) + value * (column[i] ?? 0);
  });
  const multiplier = new Float64Array(count).fill(1);
  const additive = new Float64Array(count);
  problem.featureColumns.forEach((column, j) => {
    const value = parameters[trendCount + j] ?? 0;
    if (value === 0) return;
    const target = problem.multiplicative[j] === true ? multiplier : additive;
    for (let i = 0; i < count; i += 1) target[i] = (target[i] ?? 0) + value * (column[i] ?? 0);
  });
  const fitted = new Float64Array(count);
  const trend = new Float64Array(count);
  const slope = new Float64Array(count);
  let residualSquares = 0;
  for (let i = 0; i < count; i += 1) {
    const g = trendFromPredictor(problem.growth, predictor[i] ?? 0, problem.capScaled);
    trend[i] = g;
    slope[i] = problem.growth === 'logistic' ? g * (1 - g / problem.capScaled) : 1;
    const value = g * (multiplier[i] ?? 1) + (additive[i] ?? 0);
    fitted[i] = value;
    residualSquares += ((problem.target[i] ?? 0) - value) ** 2;
  }
  return { fitted, trend, slope, multiplier, residualSquares };
}

/**
 * Smallest noise variance (scaled units: σ ≥ 10⁻⁴ of `max |y − floor|`). An exact fit would otherwise drive σ
 * (and with it every prior's weight) towards 0 without end; no real series is affected.
 */
const minimumSigmaSquared = 1e-8;

/** Minimiser over σ of `n·log σ + RSS/(2σ²) + σ²/(2·0.5²)` (Prophet's half-normal(0, 0.5) prior on σ). */
function optimalSigmaSquared(residualSquares: number, count: number): number {
  const value = (2 * residualSquares) / (count + Math.sqrt(count * count + 16 * residualSquares));
  return Math.max(value, minimumSigmaSquared);
}

function penalty(problem: MapProblem, parameters: Float64Array): number {
  let total = 0;
  for (let j = 0; j < parameters.length; j += 1) {
    const value = parameters[j] ?? 0;
    total += 0.5 * (problem.ridge[j] ?? 0) * value * value + (problem.lasso[j] ?? 0) * Math.abs(value);
  }
  return total;
}

function objective(
  problem: MapProblem,
  parameters: Float64Array,
  residualSquares: number,
  sigmaSquared: number,
): number {
  const count = problem.target.length;
  return (
    0.5 * count * Math.log(sigmaSquared) +
    residualSquares / (2 * sigmaSquared) +
    2 * sigmaSquared +
    penalty(problem, parameters)
  );
}

/**
 * Prophet's MAP fit without Stan. The negative log posterior
 * `n·log σ + RSS/(2σ²) + Σ|δ|/τ + Σβ²/(2s²) + (k² + m²)/(2·5²) + 2σ²` is minimised by block coordinate descent:
 * for fixed σ, a (Levenberg–Marquardt damped) Gauss–Newton step whose penalised least-squares subproblem — ridge
 * on coefficients, lasso on rate changes — is solved exactly by coordinate descent; then σ in closed form. With
 * linear growth and additive terms the model is linear, the subproblem is the posterior itself and no damping is
 * needed; logistic growth and multiplicative terms use the damping. Every accepted step lowers the objective.
 */
export function fitMap(problem: MapProblem): MapFit {
  const count = problem.target.length;
  const trendCount = problem.trendColumns.length;
  const size = problem.initial.length;
  const linear = problem.growth !== 'logistic' && !problem.multiplicative.some(Boolean);
  let parameters: Float64Array = Float64Array.from(problem.initial);
  let current = evaluateMap(problem, parameters);
  let sigmaSquared = optimalSigmaSquared(current.residualSquares, count);
  let value = objective(problem, parameters, current.residualSquares, sigmaSquared);
  let damping = linear ? 0 : 1e-3;
  const tolerance = 1e-10 * Math.sqrt(count);
  let gram: Float64Array | undefined;
  let jacobian: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < 300; iterations += 1) {
    if (gram === undefined || !linear) {
      jacobian = [];
      for (let j = 0; j < trendCount; j += 1) {
        const basis = problem.trendColumns[j] as Float64Array;
        jacobian.push(
          Float64Array.from(
            { length: count },
            (_, i) => (basis[i] ?? 0) * (current.slope[i] ?? 0) * (current.multiplier[i] ?? 1),
          ),
        );
      }
      problem.featureColumns.forEach((column, j) => {
        if (problem.multiplicative[j] === true) {
          jacobian.push(
            Float64Array.from({ length: count }, (_, i) => (column[i] ?? 0) * (current.trend[i] ?? 0)),
          );
        } else jacobian.push(column);
      });
      gram = new Float64Array(size * size);
      for (let a = 0; a < size; a += 1) {
        const left = jacobian[a] as Float64Array;
        for (let b = a; b < size; b += 1) {
          const right = jacobian[b] as Float64Array;
          let total = 0;
          for (let i = 0; i < count; i += 1) total += (left[i] ?? 0) * (right[i] ?? 0);
          gram[a * size + b] = total;
          gram[b * size + a] = total;
        }
      }
    }
    const linearTerm = new Float64Array(size);
    for (let a = 0; a < size; a += 1) {
      const column = jacobian[a] as Float64Array;
      let total = 0;
      for (let i = 0; i < count; i += 1)
        total += (column[i] ?? 0) * ((problem.target[i] ?? 0) - (current.fitted[i] ?? 0));
      for (let b = 0; b < size; b += 1) total += (gram[a * size + b] ?? 0) * (parameters[b] ?? 0);
      linearTerm[a] = total;
    }
    let largestDiagonal = 0;
    for (let a = 0; a < size; a += 1) largestDiagonal = Math.max(largestDiagonal, gram[a * size + a] ?? 0);
    const lasso = problem.lasso.map((weight) => weight * sigmaSquared);
    let accepted: { parameters: Float64Array; evaluation: Evaluation } | undefined;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const matrix = Float64Array.from(gram);
      const shifted = Float64Array.from(linearTerm);
      for (let a = 0; a < size; a += 1) {
        const diagonal = gram[a * size + a] ?? 0;
        const extra = damping * (diagonal + 1e-9 * largestDiagonal);
        matrix[a * size + a] = diagonal + sigmaSquared * (problem.ridge[a] ?? 0) + extra;
        shifted[a] = (shifted[a] ?? 0) + extra * (parameters[a] ?? 0);
      }
      const candidate = Float64Array.from(parameters);
      solvePenalizedQuadratic(matrix, shifted, lasso, candidate, tolerance);
      const evaluation = evaluateMap(problem, candidate);
      const candidateValue = objective(problem, candidate, evaluation.residualSquares, sigmaSquared);
      if (Number.isFinite(candidateValue) && candidateValue <= value + 1e-12 * Math.abs(value)) {
        accepted = { parameters: candidate, evaluation };
        break;
      }
      damping = damping === 0 ? 1e-3 : damping * 10;
      if (damping > 1e12) break;
    }
    if (accepted === undefined) break;
    parameters = accepted.parameters;
    current = accepted.evaluation;
    if (!linear) damping = Math.max(damping / 10, 1e-9);
    sigmaSquared = optimalSigmaSquared(current.residualSquares, count);
    const next = objective(problem, parameters, current.residualSquares, sigmaSquared);
    const improvement = value - next;
    value = next;
    if (improvement <= 1e-10 * (1 + Math.abs(next))) break;
  }
  return { parameters, sigma: Math.sqrt(sigmaSquared), iterations: iterations + 1 };
}
