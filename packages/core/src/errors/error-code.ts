/** Stable, machine-readable error codes. Adding a code is a minor change; renaming one is breaking. */
export const errorCodes = [
  'invalid_input',
  'insufficient_data',
  'infeasible',
  'unbounded',
  'solver_timeout',
  'not_found',
  'forbidden',
  'conflict',
  'plugin_incompatible',
  /** A dependency (the database) is unreachable or shutting down; retrying later may succeed. */
  'unavailable',
  'internal',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];
