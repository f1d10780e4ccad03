// biome-ignore-all lint/style/noNonNullAssertion: numeric kernel; every index is bounded by the loop limits.

/** Result of {@link minimiseBfgs}. */
export interface BfgsResult {
  /** Parameters at the minimum, on the caller's (unscaled) scale. */
  readonly parameters: Float64Array;
  readonly value: number;
  /** True when the iteration limit was reached before convergence. */
  readonly hitIterationLimit: boolean;
}

/** Options of {@link minimiseBfgs}, with R's `optim` defaults. */
export interface BfgsOptions {
  /** Typical magnitudes of the parameters (`parscale`); the search runs on `x / parscale`. Default 1. */
  readonly parscale?: Float64Array;
  /** Default 100, as R. */
  readonly maxIterations?: number;
  /** Relative convergence tolerance; default `sqrt(machine epsilon)`. */
  readonly relativeTolerance?: number;
  /** Finite-difference step on the scaled parameters; default 1e-3. */
  readonly step?: number;
}

/**
 * Variable-metric (BFGS) minimisation with central-difference gradients: a port of R's `vmmin` as `optim(...,
 * method = "BFGS")` runs it, including its line search, restarts and stopping rule, so that fits land where
 * R's do. A non-finite objective is treated as +Infinity; a non-finite gradient stops the search at the
 * current point.
 */
export function minimiseBfgs(
  objective: (parameters: Float64Array) => number,
  start: Float64Array,
  options: BfgsOptions = {},
): BfgsResult {
  const n = start.length;
  const parscale = options.parscale ?? new Float64Array(n).fill(1);
  const maxIterations = options.maxIterations ?? 100;
  const relativeTolerance = options.relativeTolerance ?? Math.sqrt(Number.EPSILON);
  const step = options.step ?? 1e-3;
  const unscaled = new Float64Array(n);
  const evaluate = (scaled: Float64Array): number => {
    for (let i = 0; i < n; i++) unscaled[i] = scaled[i]! * parscale[i]!;
    const value = objective(unscaled);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = start[i]! / parscale[i]!;
  const toResult = (value: number, hitIterationLimit: boolean): BfgsResult => {
    const parameters = new Float64Array(n);
    for (let i = 0; i < n; i++) parameters[i] = b[i]! * parscale[i]!;
    return { parameters, value, hitIterationLimit };
  };
  let f = evaluate(b);
  if (n === 0 || !Number.isFinite(f)) return toResult(f, false);
  const g = new Float64Array(n);
  const probe = new Float64Array(n);
  const gradient = (): boolean => {
    probe.set(b);
    for (let i = 0; i < n; i++) {
      probe[i] = b[i]! + step;
      const upper = evaluate(probe);
      probe[i] = b[i]! - step;
      const lower = evaluate(probe);
      probe[i] = b[i]!;
      const value = (upper - lower) / (2 * step);
      if (!Number.isFinite(value)) return false;
      g[i] = value;
    }
    return true;
  };
  const t = new Float64Array(n);
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const B = new Float64Array(n * n); // lower triangle, row-major B[i * n + j], j <= i
  let fmin = f;
  let gradcount = 1;
  let iteration = 1;
  if (!gradient()) return toResult(fmin, false);
  let ilast = gradcount;
  let count = 0;
  do {
    if (ilast === gradcount) {
      B.fill(0);
      for (let i = 0; i < n; i++) B[i * n + i] = 1;
    }
    X.set(b);
    c.set(g);
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i * n + j]! * g[j]!;
      for (let j = i + 1; j < n; j++) s -= B[j * n + i]! * g[j]!;
      t[i] = s;
      gradproj += s * g[i]!;
    }
    if (gradproj < 0) {
      let steplength = 1;
      let accepted = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i]! + steplength * t[i]!;
          if (10 + X[i]! === 10 + b[i]!) count++;
        }
        if (count < n) {
          f = evaluate(b);
          accepted = Number.isFinite(f) && f <= fmin + gradproj * steplength * 1e-4;
          if (!accepted) steplength *= 0.2;
        }
      } while (!(count === n || accepted));
      const enough = Math.abs(f - fmin) > relativeTolerance * (Math.abs(fmin) + relativeTolerance);
      if (!enough) {
        count = n;
        fmin = f;
      }
      if (count < n) {
        fmin = f;
        if (!gradient()) break;
        gradcount++;
        iteration++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i]!;
          c[i] = g[i]! - c[i]!;
          D1 += t[i]! * c[i]!;
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i * n + j]! * c[j]!;
            for (let j = i + 1; j < n; j++) s += B[j * n + i]! * c[j]!;
            X[i] = s;
            D2 += s * c[i]!;
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++)
              B[i * n + j]! += (D2 * t[i]! * t[j]! - X[i]! * t[j]! - t[i]! * X[j]!) / D1;
          }
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iteration >= maxIterations) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  // Like vmmin, return the last point tried (within rounding of the best one) with its objective value.
  return toResult(evaluate(b), iteration >= maxIterations);
}
