import { z } from 'zod';
import { normalCdf, normalQuantile } from '../../internal/normal.js';
import { openProbability } from '../../internal/schemas.js';

/**
 * How much protection to hold: either a cycle service level (probability of no stockout in a replenishment
 * cycle) or the safety factor z itself (textbooks often use a rounded table value such as 1.65 for 95 %).
 */
export const cycleServiceTargetShape = {
  /** Probability of no stockout per replenishment cycle, in (0, 1). */
  cycleServiceLevel: openProbability.optional(),
  /** Safety factor: standard deviations of protection-interval demand held as safety stock. */
  z: z.number().finite().optional(),
};

/** Adds the "exactly one of cycleServiceLevel and z" rule to an object schema. */
export function requireOneTarget<
  T extends { cycleServiceLevel?: number | undefined; z?: number | undefined },
>(value: T, context: z.RefinementCtx): void {
  const given = (value.cycleServiceLevel === undefined ? 0 : 1) + (value.z === undefined ? 0 : 1);
  if (given !== 1) {
    context.addIssue({
      code: 'custom',
      path: ['cycleServiceLevel'],
      message: 'give exactly one of cycleServiceLevel and z',
    });
  }
}

/** The safety factor and the cycle service level it gives. */
export function resolveSafetyFactor(target: {
  cycleServiceLevel?: number | undefined;
  z?: number | undefined;
}): {
  z: number;
  cycleServiceLevel: number;
} {
  if (target.z !== undefined) return { z: target.z, cycleServiceLevel: normalCdf(target.z) };
  const level = target.cycleServiceLevel as number;
  return { z: normalQuantile(level), cycleServiceLevel: level };
}
