import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { optimizeReorderPointQuantity } from './reorder-point-quantity.js';

describe('optimizeReorderPointQuantity', () => {
  it('reproduces the EIL approximation of Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), Example 5.2', () => {
    const answer = knownAnswer('rq_eil_approximation_snyder_shen_ex5_2');
    const policy = optimizeReorderPointQuantity({
      annualDemand: input(answer, 'lambda_demand_per_year'),
      annualDemandSd: input(answer, 'sigma_per_year'),
      leadTimeYears: input(answer, 'L_years'),
      orderCost: input(answer, 'K_fixed_cost'),
      holdingCost: input(answer, 'h_holding_cost'),
      shortageCost: input(answer, 'p_stockout_cost'),
    });
    expect(within(answer, 'r', policy.reorderPoint)).toBe(true);
    expect(within(answer, 'Q', policy.orderQuantity)).toBe(true);
    expect(within(answer, 'cost', policy.annualCost)).toBe(true);
  });
});
