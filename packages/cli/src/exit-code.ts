import { DyocenseError } from '@dyocense/core';

/** Exit codes from DESIGN.md: 0 ok, 2 invalid input, 3 no solution, 1 anything else. */
export const exitCodes = { ok: 0, failure: 1, invalidInput: 2, noSolution: 3 } as const;

/** Formats an error as the one-line `error[code]: message` the CLI contract promises, with its exit code. */
export function toErrorReport(error: unknown): { exitCode: number; line: string } {
  if (DyocenseError.isInstance(error)) {
    const exitCode =
      error.code === 'invalid_input'
        ? exitCodes.invalidInput
        : error.code === 'infeasible' || error.code === 'unbounded'
          ? exitCodes.noSolution
          : exitCodes.failure;
    return { exitCode, line: `error[${error.code}]: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: exitCodes.failure, line: `error[internal]: ${message}` };
}
