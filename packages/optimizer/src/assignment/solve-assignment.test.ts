import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveAssignment } from './solve-assignment.js';

function bruteForce(matrix: number[][], maximize: boolean): number {
  const rows = matrix.length;
  const columns = matrix[0]?.length ?? 0;
  let best = maximize ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(Math.max(rows, columns)).fill(false);
  // Assign each of the smaller side's items to a distinct item of the larger side.
  const small = Math.min(rows, columns);
  const large = Math.max(rows, columns);
  const cell = (i: number, j: number) => (rows <= columns ? matrix[i]?.[j] : matrix[j]?.[i]) ?? 0;
  const visit = (i: number, total: number) => {
    if (i === small) {
      best = maximize ? Math.max(best, total) : Math.min(best, total);
      return;
    }
    for (let j = 0; j < large; j += 1) {
      if (used[j]) continue;
      used[j] = true;
      visit(i + 1, total + cell(i, j));
      used[j] = false;
    }
  };
  visit(0, 0);
  return best;
}

describe('solveAssignment', () => {
  it('reproduces the SciPy linear_sum_assignment documentation example (columns 1, 0, 2; cost 5)', () => {
    const result = solveAssignment([
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ]);
    expect(result.pairs.map((pair) => pair.column)).toEqual([1, 0, 2]);
    expect(result.total).toBe(5);
  });

  it('maximises when asked: the same matrix has the best total 4 + 5 + 2 = 11', () => {
    const result = solveAssignment(
      [
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ],
      { objective: 'maximize' },
    );
    expect(result.pairs.map((pair) => pair.column)).toEqual([0, 2, 1]);
    expect(result.total).toBe(11);
  });

  it('agrees with brute force on random rectangular matrices', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([rows, columns]) =>
        fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: columns, maxLength: columns }), {
          minLength: rows,
          maxLength: rows,
        }),
      );
    fc.assert(
      fc.property(matrix, fc.boolean(), (cells, maximize) => {
        const result = solveAssignment(cells, { objective: maximize ? 'maximize' : 'minimize' });
        expect(result.pairs).toHaveLength(Math.min(cells.length, cells[0]?.length ?? 0));
        expect(new Set(result.pairs.map((pair) => pair.column)).size).toBe(result.pairs.length);
        expect(result.total).toBe(bruteForce(cells, maximize));
      }),
      { numRuns: 300 },
    );
  });

  it('avoids forbidden pairs and reports infeasibility when it cannot', () => {
    expect(
      solveAssignment([
        [null, 7],
        [1, 2],
      ]).pairs,
    ).toEqual([
      { row: 0, column: 1, value: 7 },
      { row: 1, column: 0, value: 1 },
    ]);
    expect(() =>
      solveAssignment([
        [null, 1],
        [null, 2],
      ]),
    ).toThrow(expect.objectContaining({ code: 'infeasible' }));
  });

  it('rejects a ragged matrix', () => {
    expect(() => solveAssignment([[1, 2], [3]])).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
