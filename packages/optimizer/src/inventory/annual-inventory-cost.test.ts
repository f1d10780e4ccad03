import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { annualInventoryCost } from './annual-inventory-cost.js';

describe('annualInventoryCost', () => {
  it('gives the cost of a non-optimal Q in Snyder & Shen (2nd ed.) Example 3.1 (stockpyl test_order_quantity)', () => {
    const answer = knownAnswer('eoq_cost_of_nonoptimal_q_snyder_shen_ex3_1');
    const cost = annualInventoryCost({
      annualDemand: input(answer, 'lambda_demand_per_year'),
      orderCost: input(answer, 'K_fixed_cost'),
      holdingCost: input(answer, 'h_holding_cost_per_unit_year'),
      quantity: input(answer, 'Q'),
    });
    expect(within(answer, 'cost', cost.total)).toBe(true);
  });

  it('breaks down the Wohl’s Discount Store total of Heizer & Render (Q = 1000 at $4.80: $24,725)', () => {
    const cost = annualInventoryCost({
      annualDemand: 5000,
      orderCost: 49,
      holdingCost: 0.2 * 4.8,
      quantity: 1000,
      unitCost: 4.8,
    });
    expect(cost).toEqual({
      ordering: 245,
      cycleStockHolding: 480,
      safetyStockHolding: 0,
      purchase: 24000,
      total: 24725,
    });
  });

  it('adds the holding cost of safety stock', () => {
    const cost = annualInventoryCost({
      annualDemand: 100,
      orderCost: 0,
      holdingCost: 2,
      quantity: 10,
      safetyStock: 7,
    });
    expect(cost.safetyStockHolding).toBe(14);
    expect(cost.total).toBe(24);
  });
});
