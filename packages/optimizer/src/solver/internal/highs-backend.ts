import { DyocenseError } from '@dyocense/core';
import type { Highs, Model } from 'highs';
import type { LinearModel } from '../linear-model.js';
import type { ResolvedSolveOptions } from '../solve-options.js';
import type { BackendOutcome } from './backend-outcome.js';
import { getHighs } from './load-highs.js';

function toModelData(highs: Highs, model: LinearModel, zeroObjective: boolean) {
  const numCols = model.variables.length;
  const numRows = model.constraints.length;
  const infinity = highs.infinity;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const integrality = new Int32Array(numCols);
  model.variables.forEach((variable, index) => {
    colCost[index] = zeroObjective ? 0 : (variable.cost ?? 0);
    colLower[index] = Math.max(variable.lower ?? 0, -infinity);
    colUpper[index] = Math.min(variable.upper ?? infinity, infinity);
    integrality[index] = variable.integer === true ? 1 : 0;
  });
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numRows + 1);
  let nonzeros = 0;
  for (const row of model.constraints) nonzeros += row.terms.length;
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  // HiGHS rejects repeated columns within a row, so repeated terms are summed in place.
  const slotOfColumn = new Int32Array(numCols).fill(-1);
  const rowOfSlot = new Int32Array(numCols).fill(-1);
  let next = 0;
  model.constraints.forEach((row, rowIndex) => {
    rowLower[rowIndex] = Math.max(row.lower ?? -infinity, -infinity);
    rowUpper[rowIndex] = Math.min(row.upper ?? infinity, infinity);
    for (const term of row.terms) {
      const column = term.variable;
      if (rowOfSlot[column] === rowIndex) {
        const slot = slotOfColumn[column] ?? 0;
        values[slot] = (values[slot] ?? 0) + term.coefficient;
        continue;
      }
      rowOfSlot[column] = rowIndex;
      slotOfColumn[column] = next;
      indices[next] = column;
      values[next] = term.coefficient;
      next += 1;
    }
    starts[rowIndex + 1] = next;
  });
  const hasIntegers = integrality.some((flag) => flag === 1);
  return {
    hasIntegers,
    data: {
      numCols,
      numRows,
      sense:
        model.sense === 'maximize'
          ? highs.constants.objectiveSense.maximize
          : highs.constants.objectiveSense.minimize,
      offset: zeroObjective ? 0 : (model.objectiveOffset ?? 0),
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: {
        format: 'csr' as const,
        numRows,
        numCols,
        starts,
        indices: indices.subarray(0, next),
        values: values.subarray(0, next),
      },
      ...(hasIntegers ? { integrality } : {}),
    },
  };
}

function readNumberInfo(model: Model, name: string): number | null {
  try {
    const value = Number(model.info.get(name));
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function runOnce(
  highs: Highs,
  model: LinearModel,
  options: ResolvedSolveOptions,
  zeroObjective: boolean,
): BackendOutcome | 'ambiguous' {
  const { data, hasIntegers } = toModelData(highs, model, zeroObjective);
  const instance = highs.createModel(data);
  try {
    instance.options.set({
      output_flag: false,
      time_limit: options.timeLimit,
      mip_rel_gap: options.gapTolerance,
      ...options.highsOptions,
    });
    if (options.initialValues !== undefined && !zeroObjective && model.variables.length > 0) {
      try {
        instance.setSolution({ colValue: Float64Array.from(options.initialValues) });
      } catch {
        // A start is only a hint: if HiGHS rejects it, the search simply starts without an incumbent.
      }
    }
    instance.run();
    const codes = highs.constants.modelStatus;
    const status = instance.getModelStatus();
    const hasPoint = readNumberInfo(instance, 'primal_solution_status') === 2;
    const point = () => instance.getSolution().colValue;
    const bound = () => (hasIntegers ? readNumberInfo(instance, 'mip_dual_bound') : null);
    switch (status) {
      case codes.optimal: {
        if (hasIntegers) return { status: 'optimal', values: point(), bound: bound() };
        const solution = instance.getSolution();
        // 2 = a feasible dual solution; anything else (e.g. presolve solved the LP without duals) is not a price.
        const dualsValid = readNumberInfo(instance, 'dual_solution_status') === 2;
        return {
          status: 'optimal',
          values: solution.colValue,
          bound: null,
          rowDuals: dualsValid ? solution.rowDual : null,
        };
      }
      case codes.infeasible:
        return { status: 'infeasible', values: null, bound: null };
      case codes.unbounded:
        return { status: 'unbounded', values: null, bound: null };
      case codes.unboundedOrInfeasible:
        return 'ambiguous';
      case codes.empty:
        return { status: 'optimal', values: new Float64Array(model.variables.length), bound: null };
      case codes.timeLimit:
      case codes.interrupted:
      case codes.iterationLimit:
      case codes.solutionLimit:
      case codes.objectiveBound:
      case codes.objectiveTarget:
        return hasPoint
          ? { status: 'feasible', values: point(), bound: bound() }
          : { status: 'timeout', values: null, bound: bound() };
      default:
        throw new DyocenseError({
          code: 'internal',
          message: `HiGHS stopped with model status ${status} (error or unknown state)`,
          details: { highsModelStatus: status },
        });
    }
  } finally {
    instance.dispose();
  }
}

/** Solves with HiGHS (WebAssembly) through its persistent sparse-matrix API. */
export async function solveWithHighs(
  model: LinearModel,
  options: ResolvedSolveOptions,
): Promise<BackendOutcome> {
  const highs = await getHighs();
  const outcome = runOnce(highs, model, options, false);
  if (outcome !== 'ambiguous') return outcome;
  // Presolve could not tell infeasible from unbounded: a feasibility solve (zero objective) decides.
  const feasibility = runOnce(highs, model, options, true);
  if (feasibility === 'ambiguous' || feasibility.status === 'infeasible') {
    return { status: 'infeasible', values: null, bound: null };
  }
  if (feasibility.status === 'optimal' || feasibility.status === 'feasible') {
    return { status: 'unbounded', values: null, bound: null };
  }
  return feasibility;
}
