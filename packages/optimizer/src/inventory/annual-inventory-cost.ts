import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { nonNegativeNumber, positiveNumber } from '../internal/schemas.js';

const schema = z.object({
  /** Units per year. */
  annualDemand: positiveNumber,
  /** Fixed cost per order (currency). */
  orderCost: nonNegativeNumber,
  /** Cost of holding one unit for one year (currency). */
  holdingCost: nonNegativeNumber,
  /** Units per order. */
  quantity: positiveNumber,
  /** Purchase price per unit (currency); 0 leaves purchase cost out. */
  unitCost: nonNegativeNumber.default(0),
  /** Units of safety stock held on average. */
  safetyStock: nonNegativeNumber.default(0),
});

/** Input of {@link annualInventoryCost}. */
export type AnnualInventoryCostInput = z.input<typeof schema>;

/** Yearly cost of an order-quantity policy, by component (currency per year). */
export interface AnnualInventoryCost {
  /** Order cost × orders per year. */
  readonly ordering: number;
  /** Holding cost of the average cycle stock Q/2. */
  readonly cycleStockHolding: number;
  /** Holding cost of the safety stock. */
  readonly safetyStockHolding: number;
  /** Unit cost × annual demand. */
  readonly purchase: number;
  readonly total: number;
}

/**
 * Total annual cost of ordering `quantity` units at a time: ordering K·D/Q, cycle-stock holding h·Q/2,
 * safety-stock holding h·SS and purchase c·D.
 *
 * @throws DyocenseError `invalid_input` naming the offending field.
 */
export function annualInventoryCost(input: AnnualInventoryCostInput): AnnualInventoryCost {
  const value = parseInput(schema, input, 'annual inventory cost input');
  const ordering = (value.orderCost * value.annualDemand) / value.quantity;
  const cycleStockHolding = (value.holdingCost * value.quantity) / 2;
  const safetyStockHolding = value.holdingCost * value.safetyStock;
  const purchase = value.unitCost * value.annualDemand;
  return {
    ordering,
    cycleStockHolding,
    safetyStockHolding,
    purchase,
    total: ordering + cycleStockHolding + safetyStockHolding + purchase,
  };
}
