import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { positiveNumber } from '../internal/schemas.js';

const schema = z.object({
  /** Units per year. */
  annualDemand: positiveNumber,
  /** Fixed cost per order (currency). */
  orderCost: positiveNumber,
  /** Cost of holding one unit for one year (currency). */
  holdingCost: positiveNumber,
});

/** Input of {@link economicOrderQuantity}. */
export type EconomicOrderQuantityInput = z.input<typeof schema>;

/** The EOQ and its annual costs (currency per year; purchase cost excluded). */
export interface EconomicOrderQuantity {
  /** Units per order. */
  readonly quantity: number;
  readonly ordersPerYear: number;
  /** Time between orders in years. */
  readonly cycleYears: number;
  readonly annualOrderingCost: number;
  readonly annualHoldingCost: number;
  /** Ordering plus holding cost per year. */
  readonly annualCost: number;
}

/**
 * Economic order quantity Q* = √(2·K·D / h) with its ordering and holding cost per year.
 *
 * @throws DyocenseError `invalid_input` when a field is missing, not finite or not positive.
 * @example
 * economicOrderQuantity({ annualDemand: 1000, orderCost: 10, holdingCost: 0.5 }).quantity // 200
 */
export function economicOrderQuantity(input: EconomicOrderQuantityInput): EconomicOrderQuantity {
  const { annualDemand, orderCost, holdingCost } = parseInput(schema, input, 'economic order quantity input');
  const quantity = Math.sqrt((2 * orderCost * annualDemand) / holdingCost);
  const annualOrderingCost = (orderCost * annualDemand) / quantity;
  const annualHoldingCost = (holdingCost * quantity) / 2;
  return {
    quantity,
    ordersPerYear: annualDemand / quantity,
    cycleYears: quantity / annualDemand,
    annualOrderingCost,
    annualHoldingCost,
    annualCost: annualOrderingCost + annualHoldingCost,
  };
}
