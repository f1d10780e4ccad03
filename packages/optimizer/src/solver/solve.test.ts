import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { getHighs } from './internal/load-highs.js';
import type { LinearModel } from './linear-model.js';
import { solve } from './solve.js';
import { toLpText } from './to-lp-text.js';

// max 3x + 2y s.t. x + y <= 4, x + 3y <= 6, 0 <= x <= 3: vertices (0,0) 0, (3,0) 9, (3,1) 11, (0,2) 4 -> 11.
const smallLp: LinearModel = {
  sense: 'maximize',
  variables: [
    { name: 'x', upper: 3, cost: 3 },
    { name: 'y', cost: 2 },
  ],
  constraints: [
    {
      name: 'a',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 1 },
      ],
      upper: 4,
    },
    {
      name: 'b',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 3 },
      ],
      upper: 6,
    },
  ],
};

// max 5x + 4y s.t. 6x + 4y <= 24, x + 2y <= 6, x, y integer >= 0. LP relaxation (3, 1.5) = 21;
// enumerating the integer points gives (4, 0) = 20 (next best (3, 1) = 19, (2, 2) = 18).
const smallMip: LinearModel = {
  sense: 'maximize',
  variables: [
    { name: 'x', integer: true, cost: 5 },
    { name: 'y', integer: true, cost: 4 },
  ],
  constraints: [
    {
      name: 'a',
      terms: [
        { variable: 0, coefficient: 6 },
        { variable: 1, coefficient: 4 },
      ],
      upper: 24,
    },
    {
      name: 'b',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 2 },
      ],
      upper: 6,
    },
  ],
};

// 0-1 knapsack, capacity 9: {a,c} weight 7 value 17, {b,c} weight 9 value 20, {a,b} weight 10 does not fit -> 20.
const knapsack: LinearModel = {
  sense: 'maximize',
  variables: [
    { name: 'a', integer: true, upper: 1, cost: 10 },
    { name: 'b', integer: true, upper: 1, cost: 13 },
    { name: 'c', integer: true, upper: 1, cost: 7 },
  ],
  constraints: [
    {
      name: 'capacity',
      terms: [
        { variable: 0, coefficient: 4 },
        { variable: 1, coefficient: 6 },
        { variable: 2, coefficient: 3 },
      ],
      upper: 9,
    },
  ],
};

const infeasible: LinearModel = {
  sense: 'minimize',
  variables: [
    { name: 'x', upper: 2, cost: 1 },
    { name: 'y', upper: 2, cost: 1 },
  ],
  constraints: [
    {
      name: 'demand',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: 1 },
      ],
      lower: 5,
    },
  ],
};

const unbounded: LinearModel = {
  sense: 'maximize',
  variables: [
    { name: 'x', cost: 1 },
    { name: 'y', cost: 1 },
  ],
  constraints: [
    {
      name: 'spread',
      terms: [
        { variable: 0, coefficient: 1 },
        { variable: 1, coefficient: -1 },
      ],
      upper: 1,
    },
  ],
};

// 2x = 3 has the LP solution 1.5 but no integer one.
const integerInfeasible: LinearModel = {
  sense: 'minimize',
  variables: [{ name: 'x', integer: true, cost: 1 }],
  constraints: [{ name: 'odd', terms: [{ variable: 0, coefficient: 2 }], lower: 3, upper: 3 }],
};

for (const backend of ['highs', 'lp-solver'] as const) {
  describe(`solve with ${backend}`, () => {
    it('finds the hand-computed LP optimum 11 at (3, 1) with a zero gap', async () => {
      const result = await solve(smallLp, { backend });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeCloseTo(11, 9);
      expect(result.values?.[0]).toBeCloseTo(3, 9);
      expect(result.values?.[1]).toBeCloseTo(1, 9);
      expect(result.gap).toBeCloseTo(0, 9);
    });

    it('finds the integer optimum 20 at (4, 0), below the LP relaxation 21', async () => {
      const result = await solve(smallMip, { backend, gapTolerance: 0 });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBe(20);
      expect(result.values).toEqual([4, 0]);
    });

    it('picks items b and c (value 20) in the 0-1 knapsack', async () => {
      const result = await solve(knapsack, { backend, gapTolerance: 0 });
      expect(result.objective).toBe(20);
      expect(result.values).toEqual([0, 1, 1]);
    });

    it('reports an infeasible LP as infeasible with no point', async () => {
      const result = await solve(infeasible, { backend });
      expect(result).toMatchObject({ status: 'infeasible', objective: null, values: null });
    });

    it('reports an unbounded LP as unbounded', async () => {
      const result = await solve(unbounded, { backend });
      expect(result.status).toBe('unbounded');
    });

    it('reports an integer-infeasible model (2x = 3) as infeasible', async () => {
      const result = await solve(integerInfeasible, { backend });
      expect(result.status).toBe('infeasible');
    });

    it('honours negative lower bounds and offsets', async () => {
      const result = await solve(
        {
          sense: 'minimize',
          objectiveOffset: 10,
          variables: [{ name: 'x', lower: -3, upper: 5, cost: 2 }],
          constraints: [{ name: 'r', terms: [{ variable: 0, coefficient: 1 }], upper: 4 }],
        },
        { backend },
      );
      expect(result.objective).toBeCloseTo(4, 9);
      expect(result.values?.[0]).toBeCloseTo(-3, 9);
    });
  });
}

describe('solve with highs', () => {
  it('reports the MIP dual bound and gap', async () => {
    const result = await solve(smallMip, { gapTolerance: 0 });
    expect(result.bound).toBeCloseTo(20, 6);
    expect(result.gap).toBeLessThan(1e-9);
  });

  it('accepts a feasible start and still proves the optimum', async () => {
    const result = await solve(smallMip, { gapTolerance: 0, initialValues: [3, 1] });
    expect(result.objective).toBe(20);
  });

  it('gives the same optimum when the model goes through toLpText and HiGHS reads the text', async () => {
    const highs = await getHighs();
    const text = toLpText(smallMip);
    const viaText = highs.solve(text, { output_flag: false });
    expect(viaText.ObjectiveValue).toBe(20);
    expect(text).toContain('Generals');
  });
});

// max 3x + 2y s.t. x + y <= 4 (cap), x + 3y <= 6 (room), y >= 0.5 (least): optimum (3.5, 0.5) = 11.5, where
// room is slack (5 < 6); one more unit of cap adds an x (+3); raising least by one swaps an x for a y (-1).
function pricedLp(sense: 'maximize' | 'minimize', integerY = false): LinearModel {
  const sign = sense === 'maximize' ? 1 : -1;
  const both = (a: number, b: number) => [
    { variable: 0, coefficient: a },
    { variable: 1, coefficient: b },
  ];
  return {
    sense,
    variables: [
      { name: 'x', cost: 3 * sign },
      { name: 'y', cost: 2 * sign, integer: integerY },
    ],
    constraints: [
      { name: 'cap', terms: both(1, 1), upper: 4 },
      { name: 'room', terms: both(1, 3), upper: 6 },
      { name: 'least', terms: both(0, 1), lower: 0.5 },
    ],
  };
}

describe('solve duals', () => {
  it.each([
    ['maximize', 1],
    ['minimize', -1],
  ] as const)('returns d(objective)/d(row side) by constraint name when %sing', async (sense, sign) => {
    const result = await solve(pricedLp(sense));
    expect(result.objective).toBeCloseTo(11.5 * sign, 9);
    expect(result.duals?.cap).toBeCloseTo(3 * sign, 9);
    expect(result.duals?.room).toBe(0);
    expect(result.duals?.least).toBeCloseTo(-1 * sign, 9);
  });

  it('agrees with re-solving after moving each side by a small step', async () => {
    const base = await solve(pricedLp('maximize'));
    const step = 1e-3;
    const moved = async (name: string, side: 'lower' | 'upper') => {
      const model = pricedLp('maximize');
      const constraints = model.constraints.map((row) =>
        row.name === name ? { ...row, [side]: (row[side] ?? 0) + step } : row,
      );
      return ((await solve({ ...model, constraints })).objective ?? Number.NaN) - (base.objective ?? 0);
    };
    expect((await moved('cap', 'upper')) / step).toBeCloseTo(base.duals?.cap ?? Number.NaN, 6);
    expect((await moved('least', 'lower')) / step).toBeCloseTo(base.duals?.least ?? Number.NaN, 6);
  });

  it('prices a MIP only on request, as the LP with its integers fixed at the plan', async () => {
    // y integer >= 0.5 forces y = 1, x = 3: fixing y, cap still trades for x (+3) and least no longer binds.
    expect((await solve(pricedLp('maximize', true))).duals).toBeNull();
    const result = await solve(pricedLp('maximize', true), { fixedIntegerDuals: true });
    expect(result.values).toEqual([3, 1]);
    expect(result.duals?.cap).toBeCloseTo(3, 9);
    expect(result.duals?.least).toBe(0);
  });

  it('gives no duals from lp-solver rather than guessed ones', async () => {
    expect((await solve(pricedLp('maximize'), { backend: 'lp-solver' })).duals).toBeNull();
  });
});

describe('solve edge cases', () => {
  it('decides a model without variables from its rows alone', async () => {
    const empty = {
      sense: 'minimize' as const,
      variables: [],
      constraints: [{ name: 'r', terms: [], lower: 1 }],
    };
    expect((await solve(empty)).status).toBe('infeasible');
    expect(await solve({ ...empty, constraints: [], objectiveOffset: 3 })).toMatchObject({
      status: 'optimal',
      objective: 3,
      values: [],
    });
  });

  it('reports a timeout without a point, and keeps a given start as the incumbent, when time runs out', async () => {
    // 30-item knapsack with awkward weights: not solved at the root, so a 1 ms budget stops the search.
    const items = Array.from({ length: 30 }, (_, index) => ({
      name: `i${index}`,
      integer: true,
      upper: 1,
      cost: 100 + ((index * 37) % 53),
    }));
    const model: LinearModel = {
      sense: 'maximize',
      variables: items,
      constraints: [
        {
          name: 'capacity',
          terms: items.map((_, index) => ({ variable: index, coefficient: 50 + ((index * 29) % 47) })),
          upper: 777,
        },
      ],
    };
    const cold = await solve(model, { timeLimit: 0.001, gapTolerance: 0 });
    const warm = await solve(model, { timeLimit: 0.001, gapTolerance: 0, initialValues: items.map(() => 0) });
    expect(cold).toMatchObject({ status: 'timeout', objective: null, values: null });
    // Stopped before the root LP: the start is the incumbent and no bound is proven yet.
    expect(warm).toMatchObject({ status: 'feasible', objective: 0, bound: null, gap: null });
  });
});

describe('solve input checks', () => {
  it('rejects a term that refers to a missing variable, naming the path', async () => {
    const broken: LinearModel = {
      ...smallLp,
      constraints: [{ name: 'a', terms: [{ variable: 7, coefficient: 1 }], upper: 1 }],
    };
    await expect(solve(broken)).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: ['constraints', 0, 'terms', 0, 'variable'] })],
    });
  });

  it('rejects a non-finite cost', async () => {
    const broken: LinearModel = { ...smallLp, variables: [{ name: 'x', cost: Number.NaN }] };
    await expect(solve(broken)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('rejects an initial point of the wrong length', async () => {
    await expect(solve(smallMip, { initialValues: [1] })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: ['initialValues'] })],
    });
  });

  it('refuses integer models too large for lp-solver instead of returning a fractional plan', async () => {
    const variables = Array.from({ length: 60 }, (_, index) => ({
      name: `b${index}`,
      integer: true,
      upper: 1,
      cost: 1,
    }));
    const error = await solve(
      { sense: 'minimize', variables, constraints: [] },
      { backend: 'lp-solver' },
    ).catch((caught: unknown) => caught);
    expect(DyocenseError.isInstance(error)).toBe(true);
    expect((error as DyocenseError).code).toBe('invalid_input');
    expect((error as DyocenseError).message).toContain("use backend 'highs'");
  });

  it('throws solver_timeout when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solve(smallLp, { signal: controller.signal })).rejects.toMatchObject({
      code: 'solver_timeout',
    });
  });
});
