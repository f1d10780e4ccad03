import { describe, expect, it } from 'vitest';
import { continuousReviewPolicy } from './continuous-review-policy.js';

// Weekly demand N(2500, 500), lead time 2 weeks, Q = 10,000. The expected values are not a cited textbook answer:
// they are computed from these inputs by the formulas and cross-checked independently in R 4.2.2
// (qnorm/pnorm/dnorm, uniroot on the normal loss function) and Python scipy 1.17 (norm.ppf, brentq).
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
  it('holds qnorm(0.9)·500·√2 = 906.19 units for a 90 % cycle service level (computed, R cross-check)', () => {
    const policy = continuousReviewPolicy({ ...lego, cycleServiceLevel: 0.9 });
    expect(policy.safetyStock).toBeCloseTo(906.193802437, 6);
    expect(policy.reorderPoint).toBeCloseTo(5906.19380244, 6);
  });

  it('holds 66.70 units for a 97.5 % fill rate (computed, R uniroot cross-check) and reports that fill rate back', () => {
    const policy = continuousReviewPolicy({ ...lego, fillRate: 0.975 });
    expect(policy.safetyStock).toBeCloseTo(66.6975579464, 5);
    expect(policy.fillRate).toBeCloseTo(0.975, 10);
  });

  it('orders the EOQ when no quantity is given and prices the safety stock in the annual cost', () => {
    const { orderQuantity: _omitted, ...rest } = lego;
    const policy = continuousReviewPolicy({ ...rest, cycleServiceLevel: 0.9 });
    expect(policy.orderQuantity).toBeCloseTo(Math.sqrt((2 * 100 * 2500 * 52) / 1), 9);
    expect(policy.annualCost.safetyStockHolding).toBeCloseTo(policy.safetyStock, 9);
  });
});
