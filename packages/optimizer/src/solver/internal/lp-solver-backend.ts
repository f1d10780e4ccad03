import { DyocenseError } from '@dyocense/core';
import type { Model as LpSolverModel, SolverAPI } from 'javascript-lp-solver';
import lpSolverImport from 'javascript-lp-solver';
import type { LinearModel } from '../linear-model.js';
import type { ResolvedSolveOptions } from '../solve-options.js';
import type { BackendOutcome } from './backend-outcome.js';
import { interopDefault } from './interop-default.js';

/**
 * javascript-lp-solver works on a dense tableau and, when its branch-and-bound runs out of time, returns the
 * fractional LP point as `feasible` (research note: 233 binaries already defeat it). Beyond these sizes we
 * refuse rather than hand back a wrong plan.
 */
export const lpSolverLimits = { variables: 1000, integerVariables: 40 } as const;

const objectiveKey = '__objective';

/** Solves a small model with javascript-lp-solver (pure JavaScript). */
export function solveWithLpSolver(model: LinearModel, options: ResolvedSolveOptions): BackendOutcome {
  const integerCount = model.variables.filter((variable) => variable.integer === true).length;
  if (model.variables.length > lpSolverLimits.variables || integerCount > lpSolverLimits.integerVariables) {
    throw new DyocenseError({
      code: 'invalid_input',
      message:
        `Backend 'lp-solver' handles at most ${lpSolverLimits.variables} variables and ` +
        `${lpSolverLimits.integerVariables} integer variables (model: ${model.variables.length} and ${integerCount}); use backend 'highs'`,
      issues: [{ path: ['backend'], message: 'model too large for lp-solver', code: 'too_big' }],
    });
  }
  const variables: Record<string, Record<string, number>> = {};
  const constraints: LpSolverModel['constraints'] = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  model.variables.forEach((variable, index) => {
    const key = `x${index}`;
    const coefficients: Record<string, number> = { [objectiveKey]: variable.cost ?? 0 };
    const lower = variable.lower ?? 0;
    const upper = variable.upper ?? Number.POSITIVE_INFINITY;
    // The library fixes every variable at >= 0 unless it is declared unrestricted; other bounds become rows.
    if (lower < 0) unrestricted[key] = 1;
    if (lower !== 0 && Number.isFinite(lower)) {
      constraints[`lb${index}`] = { min: lower };
      coefficients[`lb${index}`] = 1;
    }
    if (Number.isFinite(upper)) {
      constraints[`ub${index}`] = { max: upper };
      coefficients[`ub${index}`] = 1;
    }
    if (variable.integer === true) ints[key] = 1;
    variables[key] = coefficients;
  });
  model.constraints.forEach((row, rowIndex) => {
    const key = `c${rowIndex}`;
    const bound: { min?: number; max?: number } = {};
    if (row.lower !== undefined && Number.isFinite(row.lower)) bound.min = row.lower;
    if (row.upper !== undefined && Number.isFinite(row.upper)) bound.max = row.upper;
    if (bound.min === undefined && bound.max === undefined) return;
    constraints[key] = bound;
    for (const term of row.terms) {
      const coefficients = variables[`x${term.variable}`];
      if (coefficients !== undefined) coefficients[key] = (coefficients[key] ?? 0) + term.coefficient;
    }
  });
  const solver = interopDefault<SolverAPI>(
    lpSolverImport,
    (candidate) => typeof (candidate as { Solve?: unknown } | null)?.Solve === 'function',
  );
  const result = solver.Solve({
    optimize: objectiveKey,
    opType: model.sense === 'maximize' ? 'max' : 'min',
    constraints,
    variables,
    ints,
    unrestricted,
    timeout: options.timeLimit * 1000,
    tolerance: options.gapTolerance,
  }) as Record<string, number | boolean | undefined>;
  if (result.bounded === false) return { status: 'unbounded', values: null, bound: null };
  if (result.feasible !== true) return { status: 'infeasible', values: null, bound: null };
  // A fractional answer to an integer model means the search stopped before finding an integer point.
  if (integerCount > 0 && result.isIntegral === false)
    return { status: 'timeout', values: null, bound: null };
  const values = model.variables.map((_, index) => {
    const value = result[`x${index}`];
    return typeof value === 'number' ? value : 0;
  });
  return { status: 'optimal', values, bound: null };
}
