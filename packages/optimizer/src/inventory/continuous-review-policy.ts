import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { positiveNumber } from '../internal/schemas.js';
import { type AnnualInventoryCost, annualInventoryCost } from './annual-inventory-cost.js';
import { economicOrderQuantity } from './economic-order-quantity.js';
import { fillRate } from './fill-rate.js';
import { policyTargetShape, requireOnePolicyTarget, safetyFactorFor } from './internal/policy-target.js';
import { leadTimeDemand, leadTimeDemandShape } from './safety-stock.js';

const schema = z
  .object({
    ...leadTimeDemandShape,
    ...policyTargetShape,
    /** Periods per year (52 for weekly demand, 365 for daily). */
    periodsPerYear: positiveNumber,
    /** Fixed cost per order (currency). */
    orderCost: positiveNumber,
    /** Cost of holding one unit for one year (currency). */
    holdingCost: positiveNumber,
    /** Purchase price per unit, for the annual cost breakdown (currency). */
    unitCost: z.number().finite().nonnegative().default(0),
    /** Order quantity; the EOQ on mean demand when omitted. */
    orderQuantity: positiveNumber.optional(),
  })
  .superRefine(requireOnePolicyTarget)
  .refine((value) => value.demandMean > 0, { path: ['demandMean'], message: 'demandMean must be positive' });

/** Input of {@link continuousReviewPolicy}: demand per period, lead time in periods, one service target. */
export type ContinuousReviewPolicyInput = z.input<typeof schema>;

/** An (s,Q) policy: when the inventory position falls to s, order Q (units; costs per year). */
export interface ContinuousReviewPolicy {
  readonly reorderPoint: number;
  readonly orderQuantity: number;
  readonly safetyStock: number;
  readonly z: number;
  readonly leadTimeDemandMean: number;
  readonly leadTimeDemandSd: number;
  readonly cycleServiceLevel: number;
  readonly fillRate: number;
  readonly expectedShortagePerCycle: number;
  readonly annualCost: AnnualInventoryCost;
}

/**
 * Continuous-review (s,Q) policy under normal demand: Q is the EOQ (or given), s = d·L + z·σ_L with z chosen for
 * a cycle service level, a fill rate (normal loss function, shortage per cycle over Q) or given directly.
 *
 * @throws DyocenseError `invalid_input` naming the field.
 */
export function continuousReviewPolicy(input: ContinuousReviewPolicyInput): ContinuousReviewPolicy {
  const value = parseInput(schema, input, 'continuous review policy input');
  const annualDemand = value.demandMean * value.periodsPerYear;
  const orderQuantity =
    value.orderQuantity ??
    economicOrderQuantity({ annualDemand, orderCost: value.orderCost, holdingCost: value.holdingCost })
      .quantity;
  const demand = leadTimeDemand(value);
  const z = safetyFactorFor(value, orderQuantity, demand.sd);
  const safety = z * demand.sd;
  const service =
    demand.sd > 0
      ? fillRate({ demandPerCycle: orderQuantity, protectionDemandSd: demand.sd, safetyStock: safety })
      : { cycleServiceLevel: 1, fillRate: 1, expectedShortagePerCycle: 0 };
  return {
    reorderPoint: demand.mean + safety,
    orderQuantity,
    safetyStock: safety,
    z,
    leadTimeDemandMean: demand.mean,
    leadTimeDemandSd: demand.sd,
    cycleServiceLevel: service.cycleServiceLevel,
    fillRate: service.fillRate,
    expectedShortagePerCycle: service.expectedShortagePerCycle,
    annualCost: annualInventoryCost({
      annualDemand,
      orderCost: value.orderCost,
      holdingCost: value.holdingCost,
      quantity: orderQuantity,
      unitCost: value.unitCost,
      safetyStock: Math.max(0, safety),
    }),
  };
}
