import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { normalLoss, normalQuantile } from '../internal/normal.js';
import { positiveNumber } from '../internal/schemas.js';

const schema = z.object({
  /** Units per year. */
  annualDemand: positiveNumber,
  /** Standard deviation of annual demand (units); demand over t years has sd σ·√t. */
  annualDemandSd: positiveNumber,
  /** Lead time (years). */
  leadTimeYears: positiveNumber,
  /** Fixed cost per order (currency). */
  orderCost: positiveNumber,
  /** Cost of holding one unit for one year (currency). */
  holdingCost: positiveNumber,
  /** Cost per unit backordered (currency). */
  shortageCost: positiveNumber,
});

/** Input of {@link optimizeReorderPointQuantity}. */
export type ReorderPointQuantityInput = z.input<typeof schema>;

/** An optimised (r,Q) policy (units; cost per year). */
export interface ReorderPointQuantity {
  readonly reorderPoint: number;
  readonly orderQuantity: number;
  /** h·(r − λL + Q/2) + (K + p·n(r))·λ/Q. */
  readonly annualCost: number;
  /** Expected units short per cycle, n(r). */
  readonly expectedShortagePerCycle: number;
  readonly iterations: number;
}

/**
 * Continuous-review (r,Q) policy with a backorder cost per unit, by the expected-inventory-level approximation
 * (Hadley–Whitin iteration): Q = √(2λ(K + p·n(r))/h), r = F⁻¹(1 − Q·h/(p·λ)), repeated until both settle.
 * Lead-time demand is normal with mean λL and sd σ√L.
 *
 * @throws DyocenseError `invalid_input` naming the field, or when the shortage cost is too low for any
 * reorder point to pay (Q·h ≥ p·λ).
 */
export function optimizeReorderPointQuantity(input: ReorderPointQuantityInput): ReorderPointQuantity {
  const value = parseInput(schema, input, '(r,Q) policy input');
  const { annualDemand: lambda, orderCost, holdingCost, shortageCost } = value;
  const mean = lambda * value.leadTimeYears;
  const sd = value.annualDemandSd * Math.sqrt(value.leadTimeYears);
  const shortage = (r: number): number => sd * normalLoss((r - mean) / sd);
  let quantity = Math.sqrt((2 * orderCost * lambda) / holdingCost);
  let reorder = Number.NaN;
  let iterations = 0;
  for (; iterations < 1000; iterations++) {
    const fractile = 1 - (quantity * holdingCost) / (shortageCost * lambda);
    if (!(fractile > 0)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Invalid (r,Q) policy input: shortageCost: ${shortageCost} per unit is too low to justify any stock (order quantity × holding cost ≥ shortage cost × demand)`,
        issues: [{ path: ['shortageCost'], code: 'too_small', message: 'too low to justify any stock' }],
      });
    }
    const nextReorder = mean + sd * normalQuantile(fractile);
    const nextQuantity = Math.sqrt(
      (2 * lambda * (orderCost + shortageCost * shortage(nextReorder))) / holdingCost,
    );
    const settled = Math.abs(nextQuantity - quantity) < 1e-10 && Math.abs(nextReorder - reorder) < 1e-10;
    quantity = nextQuantity;
    reorder = nextReorder;
    if (settled) break;
  }
  const expectedShortagePerCycle = shortage(reorder);
  return {
    reorderPoint: reorder,
    orderQuantity: quantity,
    annualCost:
      holdingCost * (reorder - mean + quantity / 2) +
      ((orderCost + shortageCost * expectedShortagePerCycle) * lambda) / quantity,
    expectedShortagePerCycle,
    iterations: iterations + 1,
  };
}
