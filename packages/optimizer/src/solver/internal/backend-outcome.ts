import type { SolveStatus } from '../solve-result.js';

/** What a backend reports before our own objective computation, integer snapping and checking. */
export interface BackendOutcome {
  readonly status: SolveStatus;
  /** The point, when the backend has one (`optimal` and `feasible`). */
  readonly values: ArrayLike<number> | null;
  /** The backend's proven bound on the optimum, when it reports one. */
  readonly bound: number | null;
  /** Row duals of an optimal LP, in the backend's sign convention normalised to d(objective)/d(row side). */
  readonly rowDuals?: ArrayLike<number> | null;
}
