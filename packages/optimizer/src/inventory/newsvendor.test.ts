import { DyocenseError } from '@dyocense/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { evaluateNewsvendor, newsvendor } from './newsvendor.js';

describe('newsvendor', () => {
  it('reproduces Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed.), Example 4.3', () => {
    const answer = knownAnswer('newsvendor_normal_snyder_shen_ex4_3');
    const result = newsvendor({
      demand: { mean: input(answer, 'mu'), sd: input(answer, 'sigma') },
      underageCost: input(answer, 'p_underage_cost'),
      overageCost: input(answer, 'h_overage_cost'),
    });
    expect(within(answer, 'S', result.quantity)).toBe(true);
    expect(within(answer, 'cost', result.expectedMismatchCost)).toBe(true);
  });

  it('prices a non-optimal quantity as in Snyder & Shen Example 4.3 (stockpyl, S = 40)', () => {
    const answer = knownAnswer('newsvendor_cost_at_given_S_snyder_shen_ex4_3');
    const result = evaluateNewsvendor(
      {
        demand: { mean: input(answer, 'mu'), sd: input(answer, 'sigma') },
        underageCost: input(answer, 'p_underage_cost'),
        overageCost: input(answer, 'h_overage_cost'),
      },
      input(answer, 'S'),
    );
    expect(within(answer, 'cost', result.expectedMismatchCost)).toBe(true);
  });

  it('reproduces the O’Neill Hammer 3/2 wetsuit of Cachon & Terwiesch, Matching Supply with Demand (answer recalled, not re-seen; exact-z Q computed)', () => {
    const answer = knownAnswer('newsvendor_cachon_terwiesch_oneill_hammer');
    const wetsuit = {
      demand: { mean: input(answer, 'mu'), sd: input(answer, 'sigma') },
      price: input(answer, 'price'),
      unitCost: input(answer, 'cost'),
      salvageValue: input(answer, 'salvage'),
    };
    const exact = newsvendor(wetsuit);
    expect(within(answer, 'critical_ratio', exact.criticalFractile)).toBe(true);
    expect(within(answer, 'Q_exact_z', exact.quantity)).toBe(true);
    const table = newsvendor({ ...wetsuit, z: input(answer, 'z_table') });
    expect(within(answer, 'Q_with_table_z', table.quantity)).toBe(true);
    // Profit identity: (p - c)·E[sales] - (c - v)·E[leftover].
    expect(exact.expectedProfit).toBeCloseTo(70 * exact.expectedSales - 20 * exact.expectedLeftover, 6);
  });

  it('picks the empirical quantile that a brute-force search over the samples also picks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (samples, underageCost, overageCost) => {
          const costs = { demand: { samples }, underageCost, overageCost };
          const best = newsvendor(costs);
          for (const candidate of samples) {
            const other = evaluateNewsvendor(costs, candidate);
            expect(best.expectedMismatchCost).toBeLessThanOrEqual(other.expectedMismatchCost + 1e-9);
          }
        },
      ),
    );
  });

  it('rejects a unit cost above the price, naming unitCost', () => {
    try {
      newsvendor({ demand: { mean: 10, sd: 2 }, price: 5, unitCost: 6 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error) && error.issues[0]?.path).toEqual(['unitCost']);
    }
  });
});
