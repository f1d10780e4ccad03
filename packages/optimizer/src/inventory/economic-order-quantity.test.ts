import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { economicOrderQuantity } from './economic-order-quantity.js';

describe('economicOrderQuantity', () => {
  it('reproduces Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed., 2019), Example 3.1', () => {
    const answer = knownAnswer('eoq_snyder_shen_ex3_1');
    const result = economicOrderQuantity({
      annualDemand: input(answer, 'lambda_demand_per_year'),
      orderCost: input(answer, 'K_fixed_cost'),
      holdingCost: input(answer, 'h_holding_cost_per_unit_year'),
    });
    expect(within(answer, 'Q', result.quantity)).toBe(true);
    expect(within(answer, 'cost', result.annualCost)).toBe(true);
  });

  it('reproduces the Sharp Inc. example of Heizer & Render, Operations Management, ch. 12 (Q* = 200; answer recalled, not re-seen, and equal to √(2·1000·10/0.5))', () => {
    const answer = knownAnswer('eoq_heizer_render_sharp_inc');
    const result = economicOrderQuantity({
      annualDemand: input(answer, 'D_annual_demand'),
      orderCost: input(answer, 'S_order_cost'),
      holdingCost: input(answer, 'H_holding_cost_per_unit_year'),
    });
    expect(within(answer, 'Q', result.quantity)).toBe(true);
    expect(result.ordersPerYear).toBeCloseTo(5, 12);
  });

  it('balances ordering and holding cost at the optimum', () => {
    const result = economicOrderQuantity({ annualDemand: 1300, orderCost: 8, holdingCost: 0.225 });
    expect(result.annualOrderingCost).toBeCloseTo(result.annualHoldingCost, 10);
  });

  it('rejects negative demand with invalid_input naming annualDemand', () => {
    try {
      economicOrderQuantity({ annualDemand: -5, orderCost: 8, holdingCost: 0.2 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.code).toBe('invalid_input');
      expect((error as DyocenseError).issues[0]?.path).toEqual(['annualDemand']);
    }
  });
});
