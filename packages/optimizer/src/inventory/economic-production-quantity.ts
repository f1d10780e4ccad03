import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { positiveNumber } from '../internal/schemas.js';

const schema = z
  .object({
    /** Units demanded per year. */
    annualDemand: positiveNumber,
    /** Units produced per year while the line runs; must exceed the demand rate. */
    productionRate: positiveNumber,
    /** Fixed setup cost per production run (currency). */
    setupCost: positiveNumber,
    /** Cost of holding one unit for one year (currency). */
    holdingCost: positiveNumber,
  })
  .refine((value) => value.productionRate > value.annualDemand, {
    path: ['productionRate'],
    message: 'productionRate must exceed annualDemand, otherwise stock never builds up',
  });

/** Input of {@link economicProductionQuantity}. */
export type EconomicProductionQuantityInput = z.input<typeof schema>;

/** The EPQ and its annual costs (currency per year). */
export interface EconomicProductionQuantity {
  /** Units per production run. */
  readonly quantity: number;
  /** Highest stock level, Q·(1 − D/P). */
  readonly maxInventory: number;
  readonly runsPerYear: number;
  readonly annualSetupCost: number;
  readonly annualHoldingCost: number;
  readonly annualCost: number;
}

/**
 * Economic production quantity Q* = √(2·K·D / (h·(1 − D/P))) for a line that produces at rate P while demand
 * draws at rate D.
 *
 * @throws DyocenseError `invalid_input` naming the field (e.g. `productionRate` not above `annualDemand`).
 */
export function economicProductionQuantity(
  input: EconomicProductionQuantityInput,
): EconomicProductionQuantity {
  const value = parseInput(schema, input, 'economic production quantity input');
  const utilisationComplement = 1 - value.annualDemand / value.productionRate;
  const effectiveHolding = value.holdingCost * utilisationComplement;
  const quantity = Math.sqrt((2 * value.setupCost * value.annualDemand) / effectiveHolding);
  const annualSetupCost = (value.setupCost * value.annualDemand) / quantity;
  const annualHoldingCost = (effectiveHolding * quantity) / 2;
  return {
    quantity,
    maxInventory: quantity * utilisationComplement,
    runsPerYear: value.annualDemand / quantity,
    annualSetupCost,
    annualHoldingCost,
    annualCost: annualSetupCost + annualHoldingCost,
  };
}
