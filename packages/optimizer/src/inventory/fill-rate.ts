import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { inverseNormalLoss, normalCdf, normalLoss } from '../internal/normal.js';
import { openProbability, positiveNumber } from '../internal/schemas.js';

const commonShape = {
  /** Units demanded between two replenishments (the order quantity Q of an (s,Q) policy, d·R of an (R,S) one). */
  demandPerCycle: positiveNumber,
  /** Standard deviation of demand over the protection interval (units). */
  protectionDemandSd: positiveNumber,
};

const fillRateSchema = z.object({ ...commonShape, safetyStock: z.number().finite() });
const safetyStockSchema = z.object({ ...commonShape, fillRate: openProbability });

/** Service figures of a safety stock under normal demand (units and fractions). */
export interface ServiceLevels {
  readonly safetyStock: number;
  readonly z: number;
  /** Probability of no stockout in a cycle, Φ(z). */
  readonly cycleServiceLevel: number;
  /** Expected units short per cycle, σ·L(z). */
  readonly expectedShortagePerCycle: number;
  /** Share of demand served from stock, 1 − σ·L(z) / demandPerCycle. */
  readonly fillRate: number;
}

function levels(safety: number, demandPerCycle: number, sd: number): ServiceLevels {
  const z = safety / sd;
  const expectedShortagePerCycle = sd * normalLoss(z);
  return {
    safetyStock: safety,
    z,
    cycleServiceLevel: normalCdf(z),
    expectedShortagePerCycle,
    fillRate: Math.max(0, 1 - expectedShortagePerCycle / demandPerCycle),
  };
}

/**
 * Fill rate and cycle service level that a given safety stock achieves (normal loss function).
 *
 * @throws DyocenseError `invalid_input` naming the field.
 */
export function fillRate(input: z.input<typeof fillRateSchema>): ServiceLevels {
  const value = parseInput(fillRateSchema, input, 'fill rate input');
  return levels(value.safetyStock, value.demandPerCycle, value.protectionDemandSd);
}

/**
 * Safety stock that achieves a target fill rate: solves σ·L(z) = (1 − fillRate)·demandPerCycle for z.
 *
 * @throws DyocenseError `invalid_input` naming the field.
 */
export function safetyStockForFillRate(input: z.input<typeof safetyStockSchema>): ServiceLevels {
  const value = parseInput(safetyStockSchema, input, 'fill rate target');
  const z = inverseNormalLoss(((1 - value.fillRate) * value.demandPerCycle) / value.protectionDemandSd);
  return levels(z * value.protectionDemandSd, value.demandPerCycle, value.protectionDemandSd);
}
