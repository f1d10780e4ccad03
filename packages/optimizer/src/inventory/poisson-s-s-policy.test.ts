import { DyocenseError } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { input, knownAnswer, within } from './__fixtures__/known-answers.js';
import { poissonSsPolicy } from './poisson-s-s-policy.js';

function solveCase(name: string) {
  const answer = knownAnswer(name);
  const policy = poissonSsPolicy({
    demandMean: input(answer, 'poisson_mean'),
    fixedCost: input(answer, 'K_fixed_cost'),
    holdingCost: input(answer, 'h_holding_cost'),
    shortageCost: input(answer, 'p_stockout_cost'),
  });
  return { answer, policy };
}

/** Exhaustive reference: c(s,S) from the renewal-reward formula for every pair in a window (O(n³), small cases only). */
function bruteForce(mean: number, K: number, h: number, p: number, low: number, high: number) {
  const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
  const cache = new Map<number, number>();
  const G = (y: number) => {
    const known = cache.get(y);
    if (known !== undefined) return known;
    let total = 0;
    for (let d = 0; d <= mean * 10 + 50; d += 1)
      total += pmf(d) * (h * Math.max(0, y - d) + p * Math.max(0, d - y));
    return total;
  };
  const m: number[] = [];
  for (let j = 0; j <= high - low; j += 1) {
    let sum = j === 0 ? 1 : 0;
    for (let l = 1; l <= j; l += 1) sum += pmf(l) * (m[j - l] ?? 0);
    m.push(sum / (1 - pmf(0)));
  }
  let best = { s: 0, S: 0, cost: Number.POSITIVE_INFINITY };
  for (let S = low + 1; S <= high; S += 1) {
    for (let s = low; s < S; s += 1) {
      let numerator = K;
      let cycle = 0;
      for (let d = 0; d < S - s; d += 1) {
        numerator += (m[d] ?? 0) * G(S - d);
        cycle += m[d] ?? 0;
      }
      if (numerator / cycle < best.cost) best = { s, S, cost: numerator / cycle };
    }
  }
  return best;
}

function logFactorial(k: number): number {
  let total = 0;
  for (let i = 2; i <= k; i += 1) total += Math.log(i);
  return total;
}

describe('poissonSsPolicy (Zheng–Federgruen 1991)', () => {
  it('finds s = 4, S = 10 of Snyder & Shen, Fundamentals of Supply Chain Theory (2nd ed., 2019), Example 4.7', () => {
    const { answer, policy } = solveCase('sS_poisson_snyder_shen_ex4_7');
    expect(policy.reorderPoint).toBe(answer.expected.s);
    expect(policy.orderUpToLevel).toBe(answer.expected.S);
    expect(within(answer, 'cost', policy.expectedCostPerPeriod)).toBe(true);
  });

  it.each([
    'sS_zheng_federgruen_1991_mu10',
    'sS_zheng_federgruen_1991_mu25',
    'sS_zheng_federgruen_1991_mu50',
  ])('reproduces the Zheng & Federgruen (1991, Operations Research 39(4)) test instance %s', (name) => {
    const { answer, policy } = solveCase(name);
    expect(policy.reorderPoint).toBe(answer.expected.s);
    expect(policy.orderUpToLevel).toBe(answer.expected.S);
    expect(within(answer, 'cost', policy.expectedCostPerPeriod)).toBe(true);
  });

  it.each([
    [6, 5, 1, 4],
    [3, 20, 1, 9],
    [2, 0.5, 2, 3],
  ])('matches an exhaustive search over all (s,S) pairs (mean %d, K %d, h %d, p %d)', (mean, K, h, p) => {
    const policy = poissonSsPolicy({ demandMean: mean, fixedCost: K, holdingCost: h, shortageCost: p });
    const best = bruteForce(mean, K, h, p, -5, 30);
    expect(policy.expectedCostPerPeriod).toBeCloseTo(best.cost, 9);
    expect([policy.reorderPoint, policy.orderUpToLevel]).toEqual([best.s, best.S]);
  });

  it('orders every period up to the newsvendor level when ordering is free', () => {
    // K = 0: base-stock is optimal, S is the smallest y with F(y) ≥ p / (p + h) = 0.8, and s = S − 1.
    const policy = poissonSsPolicy({ demandMean: 6, fixedCost: 0, holdingCost: 1, shortageCost: 4 });
    expect(policy.orderUpToLevel).toBe(8); // Poisson(6): F(7) = 0.744, F(8) = 0.847
    expect(policy.reorderPoint).toBe(7);
    expect(policy.expectedCycleLength).toBeCloseTo(1 / (1 - Math.exp(-6)), 12);
  });

  it('raises S by the mean lead-time demand when orders take a period to arrive', () => {
    const now = poissonSsPolicy({ demandMean: 6, fixedCost: 5, holdingCost: 1, shortageCost: 4 });
    const later = poissonSsPolicy({
      demandMean: 6,
      fixedCost: 5,
      holdingCost: 1,
      shortageCost: 4,
      leadTime: 1,
    });
    expect(later.orderUpToLevel).toBeGreaterThan(now.orderUpToLevel + 3);
    expect(later.expectedCostPerPeriod).toBeGreaterThan(now.expectedCostPerPeriod);
  });

  it('rejects a non-positive mean, naming the field', () => {
    try {
      poissonSsPolicy({ demandMean: 0, fixedCost: 5, holdingCost: 1, shortageCost: 4 });
      expect.unreachable();
    } catch (error) {
      expect(DyocenseError.isInstance(error)).toBe(true);
      expect((error as DyocenseError).message).toContain('demandMean');
    }
  });
});
