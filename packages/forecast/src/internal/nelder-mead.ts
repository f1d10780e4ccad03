/** Options of {@link nelderMead}; the defaults are those of R's `optim(method = "Nelder-Mead")` as `ets` calls it. */
export interface NelderMeadOptions {
  /** Maximum number of objective evaluations. Default 2000. */
  readonly maxEvaluations?: number;
  /** Relative convergence tolerance on the spread of simplex values. Default `sqrt(machine epsilon)`. */
  readonly relativeTolerance?: number;
  /**
   * Initial simplex steps, one per coordinate. Default: one step for every coordinate, `0.1 * max |x_i|`
   * (0.1 when the start is all zeros), as in Nash's algorithm that R's `optim` uses.
   */
  readonly steps?: Float64Array;
}

/** Result of {@link nelderMead}: the best vertex, its value (Infinity when no finite value was found). */
export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
}

/** Value substituted for non-finite objective values, as R's `optim` does. */
const big = 1e35;

/**
 * Minimises `objective` by the Nelder–Mead simplex method in the variant of Nash (1990), "Compact numerical
 * methods", algorithm 19, which R's `optim` and `forecast::ets` use: reflection 1, contraction 0.5,
 * expansion 2, stop when the spread of simplex values is within the relative tolerance, shrink towards
 * the best vertex when a contraction fails.
 *
 * `objective` may return a non-finite value to reject a point (a constraint violation). The objective
 * receives a scratch vector it must not keep. The simplex lives in typed arrays, so an iteration allocates
 * nothing: ETS evaluates its likelihood thousands of times per fit.
 *
 * ETS uses this variant; Theta and the intermittent methods use {@link lagariasNelderMead} (a different
 * algorithm, with different optima, kept because each model is matched to its own references).
 */
export function nelderMead(
  objective: (x: Float64Array) => number,
  start: Float64Array,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const relativeTolerance = options.relativeTolerance ?? Math.sqrt(Number.EPSILON);
  const vertices = n + 1;
  // Column-major simplex: vertex j occupies simplex[j * n .. j * n + n - 1]; values[j] is its objective.
  const simplex = new Float64Array(n * vertices);
  const values = new Float64Array(vertices);
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const evaluate = (x: Float64Array): number => {
    const value = objective(x);
    return Number.isFinite(value) ? value : big;
  };

  const value = evaluate(start);
  let evaluations = 1;
  if (value >= big) return { x: Float64Array.from(start), value: Number.POSITIVE_INFINITY, evaluations };
  const convergence = relativeTolerance * (Math.abs(value) + relativeTolerance);
  simplex.set(start, 0);
  values[0] = value;

  let defaultStep = 0;
  for (let i = 0; i < n; i++) defaultStep = Math.max(defaultStep, 0.1 * Math.abs(start[i] ?? 0));
  if (defaultStep === 0) defaultStep = 0.1;
  let size = 0;
  for (let j = 1; j < vertices; j++) {
    const offset = j * n;
    simplex.set(start, offset);
    const coordinate = j - 1;
    const base = start[coordinate] ?? 0;
    let step = options.steps?.[coordinate] ?? defaultStep;
    if (step === 0) step = defaultStep;
    // Grow the step until it actually moves the coordinate (matters only for huge coordinates).
    while (simplex[offset + coordinate] === base) {
      simplex[offset + coordinate] = base + step;
      step *= 10;
    }
    size += step;
  }
  let oldSize = size;
  let best = 0;
  let recompute = true;

  while (true) {
    if (recompute) {
      for (let j = 0; j < vertices; j++) {
        if (j === best) continue;
        for (let i = 0; i < n; i++) trial[i] = simplex[j * n + i] ?? 0;
        values[j] = evaluate(trial);
        evaluations++;
      }
      recompute = false;
    }
    let lowest = values[best] ?? big;
    let highest = lowest;
    let worst = best;
    for (let j = 0; j < vertices; j++) {
      if (j === best) continue;
      const f = values[j] ?? big;
      if (f < lowest) {
        best = j;
        lowest = f;
      }
      if (f > highest) {
        worst = j;
        highest = f;
      }
    }
    if (highest <= lowest + convergence) break;

    const worstOffset = worst * n;
    for (let i = 0; i < n; i++) {
      let sum = -(simplex[worstOffset + i] ?? 0);
      for (let j = 0; j < vertices; j++) sum += simplex[j * n + i] ?? 0;
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) trial[i] = 2 * (centroid[i] ?? 0) - (simplex[worstOffset + i] ?? 0);
    const reflected = evaluate(trial);
    evaluations++;
    if (reflected < lowest) {
      // Expansion: the centroid slot keeps the reflected point in case the expansion fails.
      for (let i = 0; i < n; i++) {
        const reflectedCoordinate = trial[i] ?? 0;
        trial[i] = 2 * reflectedCoordinate - (centroid[i] ?? 0);
        centroid[i] = reflectedCoordinate;
      }
      const expanded = evaluate(trial);
      evaluations++;
      if (expanded < reflected) {
        simplex.set(trial, worstOffset);
        values[worst] = expanded;
      } else {
        simplex.set(centroid, worstOffset);
        values[worst] = reflected;
      }
    } else {
      if (reflected < highest) {
        simplex.set(trial, worstOffset);
        values[worst] = reflected;
      }
      for (let i = 0; i < n; i++) trial[i] = 0.5 * (simplex[worstOffset + i] ?? 0) + 0.5 * (centroid[i] ?? 0);
      const contracted = evaluate(trial);
      evaluations++;
      if (contracted < (values[worst] ?? big)) {
        simplex.set(trial, worstOffset);
        values[worst] = contracted;
      } else if (reflected >= highest) {
        // Shrink every vertex half-way towards the best one.
        recompute = true;
        size = 0;
        const bestOffset = best * n;
        for (let j = 0; j < vertices; j++) {
          if (j === best) continue;
          for (let i = 0; i < n; i++) {
            const anchor = simplex[bestOffset + i] ?? 0;
            const moved = 0.5 * ((simplex[j * n + i] ?? 0) - anchor) + anchor;
            simplex[j * n + i] = moved;
            size += Math.abs(moved - anchor);
          }
        }
        if (size < oldSize) oldSize = size;
        else break;
      }
    }
    if (evaluations > maxEvaluations) break;
  }
  const x = Float64Array.from(simplex.subarray(best * n, best * n + n));
  const bestValue = values[best] ?? big;
  return { x, value: bestValue >= big ? Number.POSITIVE_INFINITY : bestValue, evaluations };
}
