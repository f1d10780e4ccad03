import { z } from 'zod';
import { normalQuantile } from '../../internal/normal.js';
import { openProbability } from '../../internal/schemas.js';
import { safetyStockForFillRate } from '../fill-rate.js';

/** Service target of a replenishment policy: exactly one of the three. */
export const policyTargetShape = {
  /** Probability of no stockout per cycle, in (0, 1). */
  cycleServiceLevel: openProbability.optional(),
  /** Share of demand served from stock, in (0, 1). */
  fillRate: openProbability.optional(),
  /** Safety factor given directly (e.g. a rounded table value). */
  z: z.number().finite().optional(),
};

type Target = {
  cycleServiceLevel?: number | undefined;
  fillRate?: number | undefined;
  z?: number | undefined;
};

/** Refinement: exactly one target. */
export function requireOnePolicyTarget(value: Target, context: z.RefinementCtx): void {
  const given = [value.cycleServiceLevel, value.fillRate, value.z].filter(
    (entry) => entry !== undefined,
  ).length;
  if (given !== 1) {
    context.addIssue({
      code: 'custom',
      path: ['cycleServiceLevel'],
      message: 'give exactly one of cycleServiceLevel, fillRate and z',
    });
  }
}

/** The safety factor z that meets the target over a protection interval with the given demand spread. */
export function safetyFactorFor(target: Target, demandPerCycle: number, protectionDemandSd: number): number {
  if (target.z !== undefined) return target.z;
  if (target.cycleServiceLevel !== undefined) return normalQuantile(target.cycleServiceLevel);
  if (protectionDemandSd === 0) return 0;
  return safetyStockForFillRate({ demandPerCycle, protectionDemandSd, fillRate: target.fillRate as number })
    .z;
}
