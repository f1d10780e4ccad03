import type { LinearModel } from './linear-model.js';

/** One rule a point breaks. `amount` is how far outside the limit it lies (same units as the row). */
export interface SolutionViolation {
  readonly kind: 'length' | 'not_finite' | 'lower_bound' | 'upper_bound' | 'integrality' | 'constraint';
  /** Variable or constraint name (the model's own names). */
  readonly name: string;
  /** The variable's value or the row's activity. */
  readonly value: number;
  /** The limit that is broken (for integrality: the nearest integer). */
  readonly limit: number;
  readonly amount: number;
}

/** Result of {@link checkSolution}. */
export interface SolutionCheck {
  readonly feasible: boolean;
  /** Objective of the point, offset included (NaN-free: 0 when the point has the wrong length). */
  readonly objective: number;
  /** Every violation found, largest first. */
  readonly violations: readonly SolutionViolation[];
}

/**
 * Re-verifies a point against a model in our own code: vector length, finiteness, bounds, integrality and
 * every constraint. Used on every solver answer so that a solver bug (or a fractional point reported as
 * feasible) becomes an error instead of a plan.
 *
 * @param tolerance - absolute tolerance; rows scale it by `max(1, |limit|)`. Default 1e-6.
 */
export function checkSolution(
  model: LinearModel,
  values: readonly number[],
  tolerance = 1e-6,
): SolutionCheck {
  const violations: SolutionViolation[] = [];
  if (values.length !== model.variables.length) {
    violations.push({
      kind: 'length',
      name: 'values',
      value: values.length,
      limit: model.variables.length,
      amount: Math.abs(values.length - model.variables.length),
    });
    return { feasible: false, objective: 0, violations };
  }
  let objective = model.objectiveOffset ?? 0;
  model.variables.forEach((variable, index) => {
    const value = values[index] ?? Number.NaN;
    if (!Number.isFinite(value)) {
      violations.push({ kind: 'not_finite', name: variable.name, value: 0, limit: 0, amount: Infinity });
      return;
    }
    objective += (variable.cost ?? 0) * value;
    const lower = variable.lower ?? 0;
    const upper = variable.upper ?? Number.POSITIVE_INFINITY;
    if (value < lower - tolerance * Math.max(1, Math.abs(lower))) {
      violations.push({
        kind: 'lower_bound',
        name: variable.name,
        value,
        limit: lower,
        amount: lower - value,
      });
    }
    if (value > upper + tolerance * Math.max(1, Math.abs(upper))) {
      violations.push({
        kind: 'upper_bound',
        name: variable.name,
        value,
        limit: upper,
        amount: value - upper,
      });
    }
    if (variable.integer === true) {
      const nearest = Math.round(value);
      if (Math.abs(value - nearest) > tolerance) {
        violations.push({
          kind: 'integrality',
          name: variable.name,
          value,
          limit: nearest,
          amount: Math.abs(value - nearest),
        });
      }
    }
  });
  for (const row of model.constraints) {
    let activity = 0;
    for (const term of row.terms) activity += term.coefficient * (values[term.variable] ?? Number.NaN);
    if (!Number.isFinite(activity)) continue; // already reported as a non-finite variable
    const lower = row.lower ?? Number.NEGATIVE_INFINITY;
    const upper = row.upper ?? Number.POSITIVE_INFINITY;
    if (activity < lower - tolerance * Math.max(1, Math.abs(lower))) {
      violations.push({
        kind: 'constraint',
        name: row.name,
        value: activity,
        limit: lower,
        amount: lower - activity,
      });
    }
    if (activity > upper + tolerance * Math.max(1, Math.abs(upper))) {
      violations.push({
        kind: 'constraint',
        name: row.name,
        value: activity,
        limit: upper,
        amount: activity - upper,
      });
    }
  }
  violations.sort((a, b) => b.amount - a.amount);
  return {
    feasible: violations.length === 0,
    objective: Number.isFinite(objective) ? objective : 0,
    violations,
  };
}
