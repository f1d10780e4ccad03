import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { nonNegativeNumber, positiveNumber } from '../internal/schemas.js';
import { cycleServiceTargetShape, requireOneTarget, resolveSafetyFactor } from './internal/service-target.js';

/** Demand per period and lead time in the same periods (days, weeks, ...). */
export const leadTimeDemandShape = {
  /** Mean demand per period (units). */
  demandMean: nonNegativeNumber,
  /** Standard deviation of demand per period (units); periods are independent. */
  demandSd: nonNegativeNumber,
  /** Mean lead time (periods). */
  leadTime: positiveNumber,
  /** Standard deviation of the lead time (periods); 0 for a fixed lead time. */
  leadTimeSd: nonNegativeNumber.default(0),
};

const schema = z.object({ ...leadTimeDemandShape, ...cycleServiceTargetShape }).superRefine(requireOneTarget);

/** Input of {@link safetyStock}: give exactly one of `cycleServiceLevel` and `z`. */
export type SafetyStockInput = z.input<typeof schema>;

/** Safety stock and the figures behind it (units). */
export interface SafetyStock {
  readonly z: number;
  readonly cycleServiceLevel: number;
  /** Mean demand during the lead time, d·L. */
  readonly leadTimeDemandMean: number;
  /** √(L·σd² + d²·σL²): standard deviation of demand during the lead time. */
  readonly leadTimeDemandSd: number;
  readonly safetyStock: number;
}

/** Mean and standard deviation of demand over a random lead time (independent demand and lead time). */
export function leadTimeDemand(value: {
  demandMean: number;
  demandSd: number;
  leadTime: number;
  leadTimeSd: number;
}): { mean: number; sd: number } {
  return {
    mean: value.demandMean * value.leadTime,
    sd: Math.sqrt(value.leadTime * value.demandSd ** 2 + value.demandMean ** 2 * value.leadTimeSd ** 2),
  };
}

/**
 * Safety stock for demand variability and lead-time variability: z·√(L·σd² + d²·σL²).
 *
 * @throws DyocenseError `invalid_input` naming the field (negative demand, both or neither target given).
 * @example
 * safetyStock({ demandMean: 30, demandSd: 5, leadTime: 10, z: 1.65 }).safetyStock // 26.09
 */
export function safetyStock(input: SafetyStockInput): SafetyStock {
  const value = parseInput(schema, input, 'safety stock input');
  const { z: factor, cycleServiceLevel } = resolveSafetyFactor(value);
  const demand = leadTimeDemand(value);
  return {
    z: factor,
    cycleServiceLevel,
    leadTimeDemandMean: demand.mean,
    leadTimeDemandSd: demand.sd,
    safetyStock: factor * demand.sd,
  };
}
