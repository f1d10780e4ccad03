import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { positiveNumber } from '../internal/schemas.js';

const schema = z.object({
  /** Mean demand per period (Poisson). */
  demandMean: positiveNumber.max(1e5),
  /** Whole periods between ordering and receipt; default 0. */
  leadTime: z.number().int().min(0).max(1000).default(0),
  /** Fixed cost per order (currency). */
  fixedCost: z.number().finite().nonnegative(),
  /** Cost per unit on hand at the end of a period. */
  holdingCost: positiveNumber,
  /** Cost per unit backordered at the end of a period. */
  shortageCost: positiveNumber,
});

/** Input of {@link poissonSsPolicy}. */
export type PoissonSsPolicyInput = z.input<typeof schema>;

/** An optimal (s,S) policy: at each review, if the inventory position is ≤ s, order up to S. */
export interface PoissonSsPolicy {
  readonly reorderPoint: number;
  readonly orderUpToLevel: number;
  /** Long-run expected cost per period (fixed, holding and shortage) of the policy. */
  readonly expectedCostPerPeriod: number;
  /** Expected periods between orders, M(S − s). */
  readonly expectedCycleLength: number;
}

/** Probabilities of a Poisson(mean) count from 0 up to where the upper tail is below 1e-16 (log-space, no underflow). */
function poissonPmf(mean: number): number[] {
  const last = Math.ceil(mean + 12 * Math.sqrt(mean) + 30);
  const pmf: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k <= last; k += 1) {
    if (k > 0) logFactorial += Math.log(k);
    pmf.push(Math.exp(-mean + k * Math.log(mean) - logFactorial));
  }
  return pmf;
}

/**
 * Optimal periodic-review (s,S) policy with Poisson demand, full backordering and a fixed order cost, by the
 * algorithm of Zheng & Federgruen (1991), "Finding optimal (s,S) policies is about as simple as evaluating a
 * single policy", Operations Research 39(4):654–665. With G(y) = h·E[(y − D_{L+1})⁺] + p·E[(D_{L+1} − y)⁺] and m
 * the renewal mass of one period's demand, a policy costs c(s,S) = [K + Σ_{d<S−s} m(d)·G(S − d)] / M(S − s)
 * per period; the search starts at the minimiser of G and moves s and S monotonically, so it evaluates O(S − s)
 * candidates instead of all pairs.
 *
 * @throws DyocenseError `invalid_input` naming the field.
 * @example
 * poissonSsPolicy({ demandMean: 6, fixedCost: 5, holdingCost: 1, shortageCost: 4 }); // s = 4, S = 10
 */
export function poissonSsPolicy(input: PoissonSsPolicyInput): PoissonSsPolicy {
  const value = parseInput(schema, input, '(s,S) policy input');
  const { holdingCost: h, shortageCost: p, fixedCost: K } = value;
  const periodPmf = poissonPmf(value.demandMean);
  const protectionMean = value.demandMean * (value.leadTime + 1);
  const protectionPmf = poissonPmf(protectionMean);
  // E[(y − D)⁺] = Σ_{d<y} F(d): tabulated once over the support, linear beyond it.
  const lossBelow: number[] = [0];
  let cdf = 0;
  for (const probability of protectionPmf) {
    cdf += probability;
    lossBelow.push((lossBelow[lossBelow.length - 1] ?? 0) + Math.min(1, cdf));
  }
  const top = lossBelow.length - 1;
  const expectedOnHand = (y: number): number =>
    y <= 0 ? 0 : y <= top ? (lossBelow[y] ?? 0) : (lossBelow[top] ?? 0) + (y - top);
  const G = (y: number): number => h * expectedOnHand(y) + p * (protectionMean - y + expectedOnHand(y));

  // Renewal mass m(j): m(0) = 1/(1 − f0), m(j) = Σ_{l=1..j} f(l)·m(j − l) / (1 − f0); M(n) = Σ_{j<n} m(j).
  const f0 = periodPmf[0] ?? 0;
  const m: number[] = [];
  const M: number[] = [0];
  const renewal = (j: number): number => {
    while (m.length <= j) {
      const n = m.length;
      let sum = n === 0 ? 1 : 0;
      for (let l = 1; l <= Math.min(n, periodPmf.length - 1); l += 1)
        sum += (periodPmf[l] ?? 0) * (m[n - l] ?? 0);
      m.push(sum / (1 - f0));
      M.push((M[n] ?? 0) + (m[n] ?? 0));
    }
    return m[j] ?? 0;
  };
  const cost = (s: number, S: number): number => {
    let total = K;
    for (let d = 0; d < S - s; d += 1) total += renewal(d) * G(S - d);
    return total / (M[S - s] ?? 1);
  };

  // G is convex in y (a sum of convex piecewise-linear terms), so its minimiser is found by walking from the mean.
  let yStar = Math.round(protectionMean);
  while (G(yStar - 1) < G(yStar)) yStar -= 1;
  while (G(yStar + 1) < G(yStar)) yStar += 1;
  // Every search below stops once G exceeds a finite cost; the cap only guards against a logic error.
  const cap = 100 * (yStar + 100) + 10_000;
  let steps = 0;
  const step = () => {
    steps += 1;
    if (steps > cap) {
      throw new DyocenseError({ code: 'internal', message: 'the (s,S) search did not converge' });
    }
  };
  let orderUpTo = yStar;
  let s = yStar - 1;
  while (cost(s, orderUpTo) > G(s)) {
    s -= 1;
    step();
  }
  let best = cost(s, orderUpTo);
  for (let S = orderUpTo + 1; G(S) <= best; S += 1) {
    step();
    if (cost(s, S) < best) {
      orderUpTo = S;
      while (cost(s, orderUpTo) <= G(s + 1)) {
        s += 1;
        step();
      }
      best = cost(s, orderUpTo);
    }
  }
  return {
    reorderPoint: s,
    orderUpToLevel: orderUpTo,
    expectedCostPerPeriod: best,
    expectedCycleLength: M[orderUpTo - s] ?? 1,
  };
}
