import type { SolverBackend } from './solve-options.js';

/**
 * How a solve ended.
 * - `optimal`: proven optimal within the gap tolerance (`gap` says how close).
 * - `feasible`: stopped (time limit) with a verified plan; `bound` and `gap` say how far from optimal it may be.
 * - `infeasible`: no point satisfies the constraints.
 * - `unbounded`: the objective improves without limit.
 * - `timeout`: stopped before any feasible point was found.
 */
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'timeout';

/** Result of {@link solve}. Every point returned has passed {@link checkSolution}. */
export interface SolveResult {
  readonly status: SolveStatus;
  /** Objective of `values` (recomputed by us, offset included); null without a point. */
  readonly objective: number | null;
  /**
   * Best proven bound on the optimum (a lower bound when minimising, upper when maximising); null when the
   * backend does not report one (`lp-solver` on integer models) or no search ran.
   */
  readonly bound: number | null;
  /** `|objective - bound| / max(1, |objective|)`; null when either is missing. */
  readonly gap: number | null;
  /** One value per model variable, integers snapped; null without a point. */
  readonly values: readonly number[] | null;
  /**
   * Shadow prices of an optimal LP (HiGHS only), by constraint name: the rate at which the optimal objective
   * changes per unit increase of the row's active side (its upper side if both are at the activity), 0 for a
   * row that does not bind. For a MIP with `fixedIntegerDuals`, the same for the LP with every integer variable
   * fixed at its value in the plan. Null otherwise (no point, `lp-solver`, or a MIP without that option).
   * Names should be unique; a repeated name keeps its last row's price.
   */
  readonly duals: Readonly<Record<string, number>> | null;
  /** Wall-clock seconds spent, including model transfer to the solver. */
  readonly timeSeconds: number;
  readonly backend: SolverBackend;
}
