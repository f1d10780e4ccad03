import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { quantityDiscountOrderQuantity } from './quantity-discount-order-quantity.js';

function breaks(minimums: readonly number[], costs: readonly number[]) {
  return minimums.map((minQuantity, index) => ({ minQuantity, unitCost: costs[index] as number }));
}

describe('quantityDiscountOrderQuantity', () => {
  it('reproduces Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), Examples 3.5-3.6', () => {
    const answer = knownAnswer('eoq_all_units_discount_snyder_shen_ex3_6');
    const result = quantityDiscountOrderQuantity({
      annualDemand: input(answer, 'lambda_demand_per_year'),
      orderCost: input(answer, 'K_fixed_cost'),
      holdingRate: input(answer, 'i_holding_rate'),
      priceBreaks: breaks(answer.inputs.breakpoints as number[], answer.inputs.unit_costs as number[]),
    });
    expect(within(answer, 'Q', result.quantity)).toBe(true);
    expect(result.breakIndex).toBe(answer.expected.region_index);
    expect(within(answer, 'annual_total_cost', result.annualTotalCost)).toBe(true);
  });

  it('reproduces the Wohl’s Discount Store example of Heizer & Render, Operations Management (Q* = 1000)', () => {
    const answer = knownAnswer('eoq_all_units_discount_heizer_render_wohls');
    const result = quantityDiscountOrderQuantity({
      annualDemand: input(answer, 'D_annual_demand'),
      orderCost: input(answer, 'S_order_cost'),
      holdingRate: input(answer, 'I_holding_rate'),
      priceBreaks: breaks(answer.inputs.breakpoints as number[], answer.inputs.unit_prices as number[]),
    });
    expect(within(answer, 'Q', result.quantity)).toBe(true);
    expect(within(answer, 'annual_total_cost', result.annualTotalCost)).toBe(true);
    // Candidate costs by the formula c·D + S·D/Q + I·c·Q/2 (Heizer & Render's table, recalled, shows the same):
    // $25,700 at the EOQ of 700 units and $24,822.50 at 2000 units.
    expect(result.candidates.map((candidate) => Number(candidate.annualTotalCost.toFixed(2)))).toEqual([
      25700, 24725, 24822.5,
    ]);
  });

  it('rejects price breaks out of order, naming the break', () => {
    try {
      quantityDiscountOrderQuantity({
        annualDemand: 10,
        orderCost: 1,
        holdingRate: 0.2,
        priceBreaks: breaks([0, 50, 20], [3, 2, 1]),
      });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.issues[0]?.path).toEqual([
        'priceBreaks',
        2,
        'minQuantity',
      ]);
    }
  });
});
