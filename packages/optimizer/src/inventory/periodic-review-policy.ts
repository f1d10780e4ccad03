import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { normalPdf } from '../internal/normal.js';
import { positiveNumber } from '../internal/schemas.js';
import { fillRate } from './fill-rate.js';
import { policyTargetShape, safetyFactorFor } from './internal/policy-target.js';
import { leadTimeDemand, leadTimeDemandShape } from './safety-stock.js';

const schema = z
  .object({
    ...leadTimeDemandShape,
    ...policyTargetShape,
    /** Time between reviews R (periods). */
    reviewPeriod: positiveNumber,
    /** Cost per unit short at the end of a period (backorder/stockout); with `holdingCost` sets the target. */
    shortageCost: positiveNumber.optional(),
    /** Cost per unit left over at the end of a period; with `shortageCost` sets the target. */
    holdingCost: positiveNumber.optional(),
  })
  .superRefine((value, context) => {
    const costs = value.shortageCost !== undefined || value.holdingCost !== undefined ? 1 : 0;
    const given =
      [value.cycleServiceLevel, value.fillRate, value.z].filter((entry) => entry !== undefined).length +
      costs;
    if (given !== 1) {
      context.addIssue({
        code: 'custom',
        path: ['cycleServiceLevel'],
        message: 'give exactly one of cycleServiceLevel, fillRate, z and (shortageCost, holdingCost)',
      });
    }
    if (costs === 1 && (value.shortageCost === undefined || value.holdingCost === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [value.shortageCost === undefined ? 'shortageCost' : 'holdingCost'],
        message: 'shortageCost and holdingCost go together',
      });
    }
  });

/** Input of {@link periodicReviewPolicy}. */
export type PeriodicReviewPolicyInput = z.input<typeof schema>;

/** An (R,S) policy: every R periods, order up to S (units). */
export interface PeriodicReviewPolicy {
  readonly orderUpToLevel: number;
  readonly safetyStock: number;
  readonly z: number;
  /** Mean demand over the protection interval R + L. */
  readonly protectionDemandMean: number;
  /** √((R+L)·σd² + d²·σL²). */
  readonly protectionDemandSd: number;
  readonly cycleServiceLevel: number;
  readonly fillRate: number;
  readonly expectedShortagePerCycle: number;
  /**
   * With shortage and holding costs: expected cost per review cycle at S, (h + p)·σ·φ(z) (the newsvendor optimum
   * over the protection interval).
   */
  readonly expectedCostPerCycle?: number;
}

/**
 * Periodic-review order-up-to (R,S) policy under normal demand: S = d·(R+L) + z·σ_{R+L}, with z set by a cycle
 * service level, a fill rate (shortage per cycle over d·R), z itself, or the critical fractile p / (p + h).
 *
 * @throws DyocenseError `invalid_input` naming the field.
 */
export function periodicReviewPolicy(input: PeriodicReviewPolicyInput): PeriodicReviewPolicy {
  const value = parseInput(schema, input, 'periodic review policy input');
  const demand = leadTimeDemand({ ...value, leadTime: value.leadTime + value.reviewPeriod });
  const demandPerCycle = value.demandMean * value.reviewPeriod;
  const costTarget =
    value.shortageCost !== undefined && value.holdingCost !== undefined
      ? { cycleServiceLevel: value.shortageCost / (value.shortageCost + value.holdingCost) }
      : value;
  const z = safetyFactorFor(costTarget, demandPerCycle, demand.sd);
  const safety = z * demand.sd;
  const service =
    demand.sd > 0 && demandPerCycle > 0
      ? fillRate({ demandPerCycle, protectionDemandSd: demand.sd, safetyStock: safety })
      : { cycleServiceLevel: 1, fillRate: 1, expectedShortagePerCycle: 0 };
  return {
    orderUpToLevel: demand.mean + safety,
    safetyStock: safety,
    z,
    protectionDemandMean: demand.mean,
    protectionDemandSd: demand.sd,
    cycleServiceLevel: service.cycleServiceLevel,
    fillRate: service.fillRate,
    expectedShortagePerCycle: service.expectedShortagePerCycle,
    ...(value.shortageCost !== undefined && value.holdingCost !== undefined
      ? { expectedCostPerCycle: (value.holdingCost + value.shortageCost) * demand.sd * normalPdf(z) }
      : {}),
  };
}
