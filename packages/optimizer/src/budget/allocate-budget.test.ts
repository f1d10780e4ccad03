import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { allocateBudget } from './allocate-budget.js';

// Two log channels: return_i = a_i·ln(1 + x/100), marginal a_i / (100 + x). With a = 200 and 100 and 1,000 to
// spend, equal marginal returns give 200/(100 + x1) = 100/(100 + x2) and x1 + x2 = 1000, so x1 = 700, x2 = 300
// and both marginals are 0.25.
const twoChannels = {
  totalBudget: 1000,
  segments: 10,
  channels: [
    { id: 'search', response: { type: 'log' as const, a: 200, b: 100 } },
    { id: 'social', response: { type: 'log' as const, a: 100, b: 100 } },
  ],
};

describe('allocateBudget', () => {
  it('equalises marginal returns: 700 / 300 by hand', async () => {
    const plan = await allocateBudget(twoChannels);
    expect(plan.channels.map((channel) => channel.spend)).toEqual([
      expect.closeTo(700, 9),
      expect.closeTo(300, 9),
    ]);
    for (const channel of plan.channels) expect(channel.marginalRoi).toBeCloseTo(0.25, 12);
    expect(plan.expectedReturn).toBeCloseTo(200 * Math.log(8) + 100 * Math.log(4), 9);
    expect(plan.approximateReturn).toBeLessThanOrEqual(plan.expectedReturn);
  });

  it('gets within one chord of the exact optimum with finer segments and prices the budget near 0.25', async () => {
    const plan = await allocateBudget({ ...twoChannels, totalBudget: 1234, segments: 200 });
    // Exact: 100 + x1 = 2·(100 + x2), x1 + x2 = 1234 → x2 = 1134/3 = 378, x1 = 856, marginal 200/956.
    expect(Math.abs((plan.channels[1]?.spend ?? 0) - 378)).toBeLessThan(1234 / 200);
    expect(plan.budgetShadowPrice).toBeCloseTo(200 / 956, 2);
  });

  it('respects channel minimums and maximums', async () => {
    const plan = await allocateBudget({
      ...twoChannels,
      channels: [
        { id: 'search', max: 400, response: { type: 'log', a: 200, b: 100 } },
        { id: 'social', min: 100, response: { type: 'hill', a: 300, k: 500 } },
      ],
    });
    expect(plan.channels[0]?.spend).toBeCloseTo(400, 9);
    expect(plan.channels[0]?.atLimit).toBe('max');
    expect(plan.channels[1]?.spend).toBeCloseTo(600, 9);
  });

  it('keeps money back under net-return once the next unit returns less than it costs', async () => {
    // One channel, 50·ln(1 + x/10): marginal 50/(10 + x) = 1 at x = 40.
    const plan = await allocateBudget({
      totalBudget: 1000,
      objective: 'net-return',
      segments: 100,
      channels: [{ id: 'radio', max: 100, response: { type: 'log', a: 50, b: 10 } }],
    });
    expect(plan.channels[0]?.spend).toBeCloseTo(40, 9);
    expect(plan.budgetShadowPrice).toBe(0);
  });

  it('fits log curves from history when no curve is given', async () => {
    const history = [50, 100, 200, 400, 800].map((spend) => ({
      spend,
      return: 200 * Math.log1p(spend / 100),
    }));
    const plan = await allocateBudget({
      totalBudget: 1000,
      segments: 10,
      channels: [
        { id: 'search', history },
        { id: 'social', response: { type: 'log', a: 100, b: 100 } },
      ],
    });
    expect(plan.channels[0]?.spend).toBeCloseTo(700, 4);
  });

  it('reports infeasible minimums in words', async () => {
    await expect(
      allocateBudget({
        totalBudget: 100,
        channels: [
          { id: 'a', min: 80, response: { type: 'log', a: 1, b: 1 } },
          { id: 'b', min: 50, response: { type: 'log', a: 1, b: 1 } },
        ],
      }),
    ).rejects.toSatisfy(
      (error) =>
        DyocenseError.isInstance(error) &&
        error.code === 'infeasible' &&
        error.message ===
          'the channel minimums add up to $130.00, $30.00 more than the total budget of $100.00',
    );
  });

  it('rejects a negative budget and an S-shaped Hill curve, naming the field', async () => {
    await expect(allocateBudget({ ...twoChannels, totalBudget: -1 })).rejects.toThrow('totalBudget');
    await expect(
      allocateBudget({
        totalBudget: 10,
        channels: [{ id: 'tv', response: { type: 'hill', a: 1, k: 1, n: 2 } }],
      }),
    ).rejects.toThrow('channels.0.response.n');
  });
});
