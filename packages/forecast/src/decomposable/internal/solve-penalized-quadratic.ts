/** Outcome of {@link solvePenalizedQuadratic}. */
export interface PenalizedQuadraticResult {
  readonly sweeps: number;
  readonly converged: boolean;
}

/**
 * Cyclic coordinate descent with soft-thresholding (the lasso "covariance update" of Friedman, Hastie & Tibshirani
 * 2010) for `0.5 xᵀAx − bᵀx + Σ l1ⱼ·|xⱼ|`, updating `x` in place. Each coordinate step is an exact minimisation,
 * so the objective never increases and (the problem being convex) the limit is the minimum.
 */
function coordinateDescent(
  matrix: Float64Array,
  linear: Float64Array,
  l1: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxSweeps: number,
): PenalizedQuadraticResult {
  const size = x.length;
  const product = new Float64Array(size);
  for (let row = 0; row < size; row += 1) {
    let total = 0;
    for (let column = 0; column < size; column += 1)
      total += (matrix[row * size + column] ?? 0) * (x[column] ?? 0);
    product[row] = total;
  }
  for (let sweep = 1; sweep <= maxSweeps; sweep += 1) {
    let largest = 0;
    for (let j = 0; j < size; j += 1) {
      const diagonal = matrix[j * size + j] ?? 0;
      if (!(diagonal > 0)) continue;
      const current = x[j] ?? 0;
      const partial = (linear[j] ?? 0) - (product[j] ?? 0) + diagonal * current;
      const threshold = l1[j] ?? 0;
      const shrunk =
        partial > threshold ? partial - threshold : partial < -threshold ? partial + threshold : 0;
      const change = shrunk / diagonal - current;
      if (change === 0) continue;
      x[j] = current + change;
      const offset = j * size;
      for (let row = 0; row < size; row += 1) {
        product[row] = (product[row] ?? 0) + (matrix[offset + row] ?? 0) * change;
      }
      largest = Math.max(largest, Math.abs(change) * Math.sqrt(diagonal));
    }
    if (largest <= tolerance) return { sweeps: sweep, converged: true };
    if (sweep % 10 === 0 && solveOnSupport(matrix, linear, l1, x)) return { sweeps: sweep, converged: true };
  }
  return { sweeps: maxSweeps, converged: false };
}

/**
 * The exact minimiser when coordinate descent has found the right support and signs: solves the linear
 * optimality conditions on the non-zero coordinates with their signs fixed and, if the signs hold and every zero
 * coordinate satisfies its subgradient condition, writes the solution into `x` and returns `true`.
 */
function solveOnSupport(
  matrix: Float64Array,
  linear: Float64Array,
  l1: Float64Array,
  x: Float64Array,
): boolean {
  const size = x.length;
  const support: number[] = [];
  for (let j = 0; j < size; j += 1) if ((x[j] ?? 0) !== 0) support.push(j);
  const supportSize = support.length;
  const block = new Float64Array(supportSize * supportSize);
  const right = new Float64Array(supportSize);
  support.forEach((row, a) => {
    right[a] = (linear[row] ?? 0) - (l1[row] ?? 0) * Math.sign(x[row] ?? 0);
    support.forEach((column, b) => {
      block[a * supportSize + b] = matrix[row * size + column] ?? 0;
    });
  });
  const lower = supportSize === 0 ? new Float64Array(0) : cholesky(block, supportSize);
  if (lower === undefined) return false;
  const solution = choleskySolve(lower, supportSize, right);
  for (let a = 0; a < supportSize; a += 1) {
    const value = solution[a] ?? 0;
    if (!Number.isFinite(value) || Math.sign(value) !== Math.sign(x[support[a] ?? 0] ?? 0)) return false;
  }
  const inSupport = new Set(support);
  for (let j = 0; j < size; j += 1) {
    if (inSupport.has(j)) continue;
    let gradient = linear[j] ?? 0;
    support.forEach((column, a) => {
      gradient -= (matrix[j * size + column] ?? 0) * (solution[a] ?? 0);
    });
    if (Math.abs(gradient) > (l1[j] ?? 0) * (1 + 1e-9) + 1e-14) return false;
  }
  support.forEach((j, a) => {
    x[j] = solution[a] ?? 0;
  });
  return true;
}

/** Cholesky factor (lower, row-major) of a symmetric matrix, or `undefined` if it is not positive definite. */
function cholesky(matrix: Float64Array, size: number): Float64Array | undefined {
  const lower = new Float64Array(size * size);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column <= row; column += 1) {
      let total = matrix[row * size + column] ?? 0;
      for (let k = 0; k < column; k += 1)
        total -= (lower[row * size + k] ?? 0) * (lower[column * size + k] ?? 0);
      if (row === column) {
        if (!(total > 0)) return undefined;
        lower[row * size + row] = Math.sqrt(total);
      } else lower[row * size + column] = total / (lower[column * size + column] ?? 1);
    }
  }
  return lower;
}

function choleskySolve(lower: Float64Array, size: number, right: Float64Array): Float64Array {
  const forward = new Float64Array(size);
  for (let row = 0; row < size; row += 1) {
    let total = right[row] ?? 0;
    for (let k = 0; k < row; k += 1) total -= (lower[row * size + k] ?? 0) * (forward[k] ?? 0);
    forward[row] = total / (lower[row * size + row] ?? 1);
  }
  const solution = new Float64Array(size);
  for (let row = size - 1; row >= 0; row -= 1) {
    let total = forward[row] ?? 0;
    for (let k = row + 1; k < size; k += 1) total -= (lower[k * size + row] ?? 0) * (solution[k] ?? 0);
    solution[row] = total / (lower[row * size + row] ?? 1);
  }
  return solution;
}

/**
 * Minimises `0.5 xᵀAx − bᵀx + Σ l1ⱼ·|xⱼ|` (`A` symmetric positive semi-definite, ridge penalties on its diagonal),
 * updating `x` in place from its current value. The coordinates without an L1 weight are profiled out exactly
 * (a Cholesky solve of their block, positive definite under their ridge), leaving a small lasso in the
 * L1-penalised coordinates on the Schur complement, solved by coordinate descent. This keeps the strongly
 * correlated trend columns from slowing coordinate descent down; without such a block it runs on `A` directly.
 *
 * @param matrix - `p × p`, row-major.
 * @param tolerance - stop when no coordinate moves the fit by more than this (`|Δxⱼ|·√Aⱼⱼ`).
 */
export function solvePenalizedQuadratic(
  matrix: Float64Array,
  linear: Float64Array,
  l1: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxSweeps = 50_000,
): PenalizedQuadraticResult {
  const size = x.length;
  const free: number[] = [];
  const penalised: number[] = [];
  for (let j = 0; j < size; j += 1) ((l1[j] ?? 0) > 0 ? penalised : free).push(j);
  if (free.length === 0) return coordinateDescent(matrix, linear, l1, x, tolerance, maxSweeps);
  const freeSize = free.length;
  const freeBlock = new Float64Array(freeSize * freeSize);
  free.forEach((row, a) => {
    free.forEach((column, b) => {
      freeBlock[a * freeSize + b] = matrix[row * size + column] ?? 0;
    });
  });
  const lower = cholesky(freeBlock, freeSize);
  if (lower === undefined) return coordinateDescent(matrix, linear, l1, x, tolerance, maxSweeps);
  const freeLinear = Float64Array.from(free, (row) => linear[row] ?? 0);
  const base = choleskySolve(lower, freeSize, freeLinear);
  const couplings = penalised.map((column) =>
    choleskySolve(
      lower,
      freeSize,
      Float64Array.from(free, (row) => matrix[row * size + column] ?? 0),
    ),
  );
  const reducedSize = penalised.length;
  const reduced = new Float64Array(reducedSize * reducedSize);
  const reducedLinear = new Float64Array(reducedSize);
  penalised.forEach((row, a) => {
    let right = linear[row] ?? 0;
    free.forEach((column, c) => {
      right -= (matrix[row * size + column] ?? 0) * (base[c] ?? 0);
    });
    reducedLinear[a] = right;
    penalised.forEach((column, b) => {
      const coupling = couplings[b] as Float64Array;
      let total = matrix[row * size + column] ?? 0;
      free.forEach((inner, c) => {
        total -= (matrix[row * size + inner] ?? 0) * (coupling[c] ?? 0);
      });
      reduced[a * reducedSize + b] = total;
    });
  });
  for (let a = 0; a < reducedSize; a += 1) {
    for (let b = 0; b < a; b += 1) {
      const average = 0.5 * ((reduced[a * reducedSize + b] ?? 0) + (reduced[b * reducedSize + a] ?? 0));
      reduced[a * reducedSize + b] = average;
      reduced[b * reducedSize + a] = average;
    }
  }
  const reducedX = Float64Array.from(penalised, (j) => x[j] ?? 0);
  const reducedL1 = Float64Array.from(penalised, (j) => l1[j] ?? 0);
  const result = coordinateDescent(reduced, reducedLinear, reducedL1, reducedX, tolerance, maxSweeps);
  penalised.forEach((j, a) => {
    x[j] = reducedX[a] ?? 0;
  });
  free.forEach((j, c) => {
    let value = base[c] ?? 0;
    penalised.forEach((_, a) => {
      value -= ((couplings[a] as Float64Array)[c] ?? 0) * (reducedX[a] ?? 0);
    });
    x[j] = value;
  });
  return result;
}
