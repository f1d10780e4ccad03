import { describe, expect, it } from 'vitest';
import { continuousReviewPolicy } from './continuous-review-policy.js';

// Chopra & Meindl, Supply Chain Management (5th ed.), ch. 12, Lego at Walmart: weekly demand N(2500, 500),
// lead time 2 weeks, Q = 10,000 (textbook answers, recalled).
const lego = {
  demandMean: 2500,
  demandSd: 500,
  leadTime: 2,
  periodsPerYear: 52,
  orderCost: 100,
  holdingCost: 1,
  orderQuantity: 10000,
};

describe('continuousReviewPolicy', () => {
  it('holds 906 units of safety stock for a 90 % cycle service level (Chopra & Meindl 5th ed., Example 12-5)', () => {
    const policy = continuousReviewPolicy({ ...lego, cycleServiceLevel: 0.9 });
    expect(Math.round(policy.safetyStock)).toBe(906);
    expect(Math.round(policy.reorderPoint)).toBe(5906);
  });

  it('holds 67 units for a 97.5 % fill rate (Example 12-4) and reports that fill rate back', () => {
    const policy = continuousReviewPolicy({ ...lego, fillRate: 0.975 });
    expect(Math.round(policy.safetyStock)).toBe(67);
    expect(policy.fillRate).toBeCloseTo(0.975, 10);
  });

  it('orders the EOQ when no quantity is given and prices the safety stock in the annual cost', () => {
    const { orderQuantity: _omitted, ...rest } = lego;
    const policy = continuousReviewPolicy({ ...rest, cycleServiceLevel: 0.9 });
    expect(policy.orderQuantity).toBeCloseTo(Math.sqrt((2 * 100 * 2500 * 52) / 1), 9);
    expect(policy.annualCost.safetyStockHolding).toBeCloseTo(policy.safetyStock, 9);
  });
});
