import { DyocenseError } from '@dyocense/core';
import { checkSolution } from '../check-solution.js';
import type { LinearModel } from '../linear-model.js';
import type { ResolvedSolveOptions } from '../solve-options.js';
import type { SolveResult } from '../solve-result.js';
import type { BackendOutcome } from './backend-outcome.js';
import { solveWithHighs } from './highs-backend.js';
import { solveWithLpSolver } from './lp-solver-backend.js';

/** A model without variables: every row's activity is 0, so it is feasible exactly when 0 fits every row. */
function solveEmptyModel(model: LinearModel): BackendOutcome {
  const feasible = model.constraints.every(
    (row) => (row.lower ?? Number.NEGATIVE_INFINITY) <= 0 && 0 <= (row.upper ?? Number.POSITIVE_INFINITY),
  );
  return feasible
    ? {
        status: 'optimal',
        values: [],
        bound: null,
        rowDuals: new Array<number>(model.constraints.length).fill(0),
      }
    : { status: 'infeasible', values: null, bound: null };
}

/** Relative gap as reported to users: `|objective - bound| / max(1, |objective|)`. */
export function relativeGap(objective: number, bound: number): number {
  return Math.abs(objective - bound) / Math.max(1, Math.abs(objective));
}

/**
 * Solves an already validated model: runs the backend, snaps integers, recomputes the objective and checks
 * the point. Engines call this directly so that a large generated model is not re-validated with zod.
 *
 * @throws DyocenseError `solver_timeout` when the signal is already aborted; `internal` when the backend
 * fails or returns a point that breaks the model.
 */
export async function solveLinearModel(
  model: LinearModel,
  options: ResolvedSolveOptions,
): Promise<SolveResult> {
  if (options.signal?.aborted === true) {
    throw new DyocenseError({
      code: 'solver_timeout',
      message: 'The solve was cancelled before it started',
      cause: options.signal.reason,
      details: { cancelled: true },
    });
  }
  const started = performance.now();
  let outcome: BackendOutcome;
  try {
    outcome =
      model.variables.length === 0
        ? solveEmptyModel(model)
        : options.backend === 'lp-solver'
          ? solveWithLpSolver(model, options)
          : await solveWithHighs(model, options);
  } catch (error) {
    if (DyocenseError.isInstance(error)) throw error;
    throw new DyocenseError({
      code: 'internal',
      message: `The ${options.backend} solver failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  const timeSeconds = (performance.now() - started) / 1000;
  const base = { backend: options.backend, timeSeconds };
  if (outcome.values === null) {
    return {
      ...base,
      status: outcome.status,
      objective: null,
      bound: outcome.bound,
      gap: null,
      values: null,
      duals: null,
    };
  }
  const values = Array.from(outcome.values, (value, index) =>
    model.variables[index]?.integer === true ? Math.round(value) + 0 : value,
  );
  const check = checkSolution(model, values, options.feasibilityTolerance);
  if (!check.feasible) {
    const worst = check.violations[0];
    throw new DyocenseError({
      code: 'internal',
      message:
        `The ${options.backend} solver returned a point that breaks the model ` +
        `(${check.violations.length} violations; worst: ${worst?.kind} ${worst?.name} by ${worst?.amount})`,
      details: { violations: check.violations.slice(0, 20) },
    });
  }
  const isMip = model.variables.some((variable) => variable.integer === true);
  const rawBound = outcome.bound ?? (!isMip && outcome.status === 'optimal' ? check.objective : null);
  // A bound on the wrong side of a verified point is a rounding artefact of the solver's tolerances.
  const bound =
    rawBound === null
      ? null
      : model.sense === 'minimize'
        ? Math.min(rawBound, check.objective)
        : Math.max(rawBound, check.objective);
  return {
    ...base,
    status: outcome.status,
    objective: check.objective,
    bound,
    gap: bound === null ? null : relativeGap(check.objective, bound),
    values,
    duals: isMip
      ? options.fixedIntegerDuals && options.backend === 'highs'
        ? await fixedIntegerDuals(model, values, options)
        : null
      : dualsByName(model, outcome.rowDuals),
  };
}

/** Row duals keyed by constraint name; +0 turns HiGHS's -0 on slack rows into a plain 0. */
function dualsByName(
  model: LinearModel,
  rowDuals: ArrayLike<number> | null | undefined,
): Record<string, number> | null {
  if (rowDuals === null || rowDuals === undefined || rowDuals.length !== model.constraints.length)
    return null;
  const duals: Record<string, number> = {};
  for (let index = 0; index < rowDuals.length; index += 1) {
    const dual = rowDuals[index] ?? Number.NaN;
    if (!Number.isFinite(dual)) return null;
    duals[model.constraints[index]?.name ?? `row_${index}`] = dual + 0;
  }
  return duals;
}

/** Duals of the LP left when every integer variable is fixed at its plan value (null if that LP fails). */
async function fixedIntegerDuals(
  model: LinearModel,
  values: readonly number[],
  options: ResolvedSolveOptions,
): Promise<Record<string, number> | null> {
  const fixed: LinearModel = {
    ...model,
    variables: model.variables.map((variable, index) =>
      variable.integer === true
        ? { ...variable, integer: false, lower: values[index] ?? 0, upper: values[index] ?? 0 }
        : variable,
    ),
  };
  try {
    const outcome = await solveWithHighs(fixed, { ...options, initialValues: undefined });
    return outcome.status === 'optimal' ? dualsByName(model, outcome.rowDuals) : null;
  } catch {
    // The plan itself is already verified; missing prices are reported as null, not as a failed solve.
    return null;
  }
}
