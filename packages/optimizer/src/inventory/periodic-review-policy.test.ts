import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { periodicReviewPolicy } from './periodic-review-policy.js';

describe('periodicReviewPolicy', () => {
  it('reproduces the base-stock level of Snyder & Shen (2nd ed., 2019), Example 4.4', () => {
    const answer = knownAnswer('base_stock_with_lead_time_snyder_shen_ex4_4');
    const policy = periodicReviewPolicy({
      demandMean: input(answer, 'mu_per_period'),
      demandSd: input(answer, 'sigma_per_period'),
      leadTime: input(answer, 'L_periods'),
      reviewPeriod: 1,
      holdingCost: input(answer, 'h_holding_cost'),
      shortageCost: input(answer, 'p_stockout_cost'),
    });
    expect(within(answer, 'S', policy.orderUpToLevel)).toBe(true);
    expect(within(answer, 'cost', policy.expectedCostPerCycle as number)).toBe(true);
  });

  it('orders up to 15,000 + qnorm(0.9)·500·√6 = 16,569.57 with a 4-week review (computed, R cross-check)', () => {
    // Weekly demand N(2500, 500), L = 2 weeks, R = 4 weeks, CSL 90 %. Expected values are computed from these
    // inputs, not quoted from a book; R 4.2.2: 500*sqrt(6) = 1224.74487139, qnorm(0.9) times that = 1569.57370732
    // (scipy 1.17 agrees).
    const policy = periodicReviewPolicy({
      demandMean: 2500,
      demandSd: 500,
      leadTime: 2,
      reviewPeriod: 4,
      cycleServiceLevel: 0.9,
    });
    expect(policy.protectionDemandSd).toBeCloseTo(1224.74487139, 7);
    expect(policy.safetyStock).toBeCloseTo(1569.57370732, 6);
    expect(policy.orderUpToLevel).toBeCloseTo(16569.5737073, 6);
  });

  it('meets a fill-rate target measured against one review period of demand', () => {
    const policy = periodicReviewPolicy({
      demandMean: 100,
      demandSd: 30,
      leadTime: 1,
      reviewPeriod: 2,
      fillRate: 0.99,
    });
    expect(policy.expectedShortagePerCycle).toBeCloseTo(0.01 * 200, 9);
  });
});
