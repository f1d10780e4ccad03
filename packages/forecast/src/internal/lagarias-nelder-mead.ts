/** Options of {@link lagariasNelderMead}. */
export interface LagariasNelderMeadOptions {
  /** Stop when the spread of simplex values is within this tolerance relative to the best one. Default 1e-10. */
  readonly relativeTolerance?: number;
  /** Maximum number of iterations (not evaluations). Default 2000. */
  readonly maxIterations?: number;
}

/** Result of {@link lagariasNelderMead}. */
export interface LagariasNelderMeadResult {
  readonly point: number[];
  readonly value: number;
  readonly iterations: number;
}

/**
 * Nelder–Mead simplex minimisation in the textbook variant of Lagarias, Reeds, Wright & Wright (1998), as
 * MATLAB's `fminsearch` and SciPy's `minimize(method="Nelder-Mead")`: the simplex is sorted every iteration and
 * a rejected reflection tries an outside or an inside contraction before shrinking. Coefficients and start are
 * R `optim`'s (reflection 1, contraction 0.5, expansion 2; steps of 10% of the largest coordinate). Stops when
 * the spread of the simplex values is within `relativeTolerance` of the best value, or after `maxIterations`.
 * Non-finite objective values count as +∞, so an objective can express box constraints by returning Infinity
 * outside them.
 *
 * Theta and the intermittent methods use this variant; ETS uses {@link nelderMead} (Nash's variant, R's `optim`).
 * The two are different algorithms (different contraction and shrink rules, stopping and evaluation budgets)
 * and give different optima, so each model keeps the variant its tests and fixtures were matched with.
 *
 * @param objective - receives a fresh array per point; may keep it.
 * @param start - the first vertex; the others add the step to one coordinate each.
 */
export function lagariasNelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: LagariasNelderMeadOptions = {},
): LagariasNelderMeadResult {
  const tolerance = options.relativeTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000;
  const dimension = start.length;
  const evaluate = (point: readonly number[]) => {
    const value = objective(point);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  const largest = Math.max(...start.map(Math.abs));
  const step = largest > 0 ? 0.1 * largest : 0.1;
  const simplex: number[][] = [[...start]];
  for (let axis = 0; axis < dimension; axis += 1) {
    const vertex = [...start];
    vertex[axis] = (vertex[axis] as number) + step;
    simplex.push(vertex);
  }
  let values = simplex.map(evaluate);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    const order = values
      .map((_, index) => index)
      .sort((a, b) => (values[a] as number) - (values[b] as number));
    const sorted = order.map((index) => simplex[index] as number[]);
    values = order.map((index) => values[index] as number);
    simplex.splice(0, simplex.length, ...sorted);
    const best = values[0] as number;
    const worst = values[dimension] as number;
    if (Number.isFinite(worst) && worst - best <= tolerance * (Math.abs(best) + tolerance)) break;
    const centroid = new Array<number>(dimension).fill(0);
    for (let vertex = 0; vertex < dimension; vertex += 1) {
      for (let axis = 0; axis < dimension; axis += 1) {
        centroid[axis] =
          (centroid[axis] as number) + ((simplex[vertex] as number[])[axis] as number) / dimension;
      }
    }
    const worstPoint = simplex[dimension] as number[];
    const along = (factor: number) =>
      centroid.map((value, axis) => value + factor * (value - (worstPoint[axis] as number)));
    const reflected = along(1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best) {
      const expanded = along(2);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) {
        simplex[dimension] = expanded;
        values[dimension] = expandedValue;
      } else {
        simplex[dimension] = reflected;
        values[dimension] = reflectedValue;
      }
      continue;
    }
    if (reflectedValue < (values[dimension - 1] as number)) {
      simplex[dimension] = reflected;
      values[dimension] = reflectedValue;
      continue;
    }
    const outside = reflectedValue < worst;
    const contracted = along(outside ? 0.5 : -0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worst)) {
      simplex[dimension] = contracted;
      values[dimension] = contractedValue;
      continue;
    }
    const bestPoint = simplex[0] as number[];
    for (let vertex = 1; vertex <= dimension; vertex += 1) {
      const shrunk = (simplex[vertex] as number[]).map(
        (value, axis) => (bestPoint[axis] as number) + 0.5 * (value - (bestPoint[axis] as number)),
      );
      simplex[vertex] = shrunk;
      values[vertex] = evaluate(shrunk);
    }
  }
  let bestIndex = 0;
  for (let index = 1; index < values.length; index += 1) {
    if ((values[index] as number) < (values[bestIndex] as number)) bestIndex = index;
  }
  return { point: simplex[bestIndex] as number[], value: values[bestIndex] as number, iterations };
}
