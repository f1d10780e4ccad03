import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { hungarian } from './internal/hungarian.js';

/** One matched pair of {@link solveAssignment}. */
export interface AssignmentPair {
  readonly row: number;
  readonly column: number;
  readonly value: number;
}

/** Result of {@link solveAssignment}. */
export interface AssignmentResult {
  /** Pairs sorted by row; `min(rows, columns)` of them. */
  readonly pairs: readonly AssignmentPair[];
  /** Sum of the matched values. */
  readonly total: number;
}

const optionsSchema = z.object({ objective: z.enum(['minimize', 'maximize']).optional() });
const matrixSchema = z
  .array(z.array(z.number().finite().nullable()).min(1))
  .min(1)
  .refine(
    (matrix) => matrix.every((row) => row.length === matrix[0]?.length),
    'all rows must have the same length',
  );

/**
 * Optimal one-to-one assignment (Hungarian algorithm): matches every row to a distinct column (or every
 * column to a distinct row when there are fewer columns) minimising, or maximising, the summed values.
 * `null` marks a forbidden pair (a worker without the skill).
 *
 * @param matrix - `matrix[row][column]`, e.g. cost of worker `row` doing task `column`.
 * @throws DyocenseError `invalid_input` (ragged or non-finite matrix), `infeasible` (forbidden pairs leave
 * no complete assignment).
 *
 * @example
 * solveAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]).total // 5
 */
export function solveAssignment(
  matrix: readonly (readonly (number | null)[])[],
  options: { readonly objective?: 'minimize' | 'maximize' } = {},
): AssignmentResult {
  parseInput(matrixSchema, matrix, 'assignment matrix');
  const sign = parseInput(optionsSchema, options, 'assignment options').objective === 'maximize' ? -1 : 1;
  const rows = matrix.length;
  const columns = matrix[0]?.length ?? 0;
  const transpose = rows > columns;
  const value = (row: number, column: number) => matrix[row]?.[column] ?? null;
  let spread = 0;
  for (const row of matrix)
    for (const cell of row) if (cell !== null) spread = Math.max(spread, Math.abs(cell));
  // A forbidden pair costs more than any complete assignment of allowed pairs, so it is used only when
  // nothing else works, and then detected below.
  const forbidden = (2 * spread + 1) * (Math.min(rows, columns) + 1);
  const cost = (row: number, column: number) => {
    const cell = value(row, column);
    return cell === null ? forbidden : sign * cell;
  };
  const inner = transpose ? columns : rows;
  const outer = transpose ? rows : columns;
  const costMatrix = Array.from({ length: inner }, (_, i) =>
    Array.from({ length: outer }, (_, j) => (transpose ? cost(j, i) : cost(i, j))),
  );
  const match = hungarian(costMatrix, inner, outer);
  const pairs: AssignmentPair[] = [];
  match.forEach((j, i) => {
    const row = transpose ? j : i;
    const column = transpose ? i : j;
    const cell = value(row, column);
    if (cell === null) {
      throw new DyocenseError({
        code: 'infeasible',
        message: `No complete assignment avoids the forbidden pairs (row ${row} has no free allowed column)`,
        details: { row },
      });
    }
    pairs.push({ row, column, value: cell });
  });
  pairs.sort((a, b) => a.row - b.row);
  return { pairs, total: pairs.reduce((sum, pair) => sum + pair.value, 0) };
}
