import { describe, expect, it } from 'vitest';
import { checkSolution } from './check-solution.js';
import type { LinearModel } from './linear-model.js';

const model: LinearModel = {
  sense: 'minimize',
  objectiveOffset: 1,
  variables: [
    { name: 'x', integer: true, upper: 1, cost: 2 },
    { name: 'y', lower: 0.5, cost: 3 },
  ],
  constraints: [
    {
      name: 'cover',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 1 },
      ],
      lower: 2,
    },
  ],
};

describe('checkSolution', () => {
  it('accepts a feasible point and computes its objective with the offset', () => {
    expect(checkSolution(model, [1, 1])).toEqual({ feasible: true, objective: 6, violations: [] });
  });

  it('catches a planted row violation with its size', () => {
    const check = checkSolution(model, [1, 0.75]);
    expect(check.feasible).toBe(false);
    expect(check.violations).toEqual([
      { kind: 'constraint', name: 'cover', value: 1.75, limit: 2, amount: 0.25 },
    ]);
  });

  it('catches a fractional value of an integer variable', () => {
    const check = checkSolution(model, [0.5, 1.5]);
    expect(check.violations).toEqual([{ kind: 'integrality', name: 'x', value: 0.5, limit: 1, amount: 0.5 }]);
  });

  it('catches bound violations on both sides', () => {
    const kinds = checkSolution(model, [2, 0.25]).violations.map((violation) => violation.kind);
    expect(kinds.sort()).toEqual(['lower_bound', 'upper_bound']);
  });

  it('rejects a vector of the wrong length and non-finite values', () => {
    expect(checkSolution(model, [1]).violations[0]?.kind).toBe('length');
    expect(checkSolution(model, [1, Number.NaN]).violations[0]?.kind).toBe('not_finite');
  });

  it('tolerates differences within the tolerance', () => {
    expect(checkSolution(model, [1, 1 - 5e-7]).feasible).toBe(true);
  });
});
