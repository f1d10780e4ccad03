import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { nonNegativeNumber, positiveNumber } from '../internal/schemas.js';

const schema = z
  .object({
    /** Units per year. */
    annualDemand: positiveNumber,
    /** Fixed cost per order (currency). */
    orderCost: positiveNumber,
    /** Holding cost per year as a fraction of the unit price (e.g. 0.2). */
    holdingRate: positiveNumber,
    /** All-units price schedule: from `minQuantity` units on, every unit costs `unitCost`. */
    priceBreaks: z.array(z.object({ minQuantity: nonNegativeNumber, unitCost: positiveNumber })).min(1),
  })
  .superRefine((value, context) => {
    value.priceBreaks.forEach((priceBreak, index) => {
      const previous = value.priceBreaks[index - 1];
      if (previous !== undefined && !(priceBreak.minQuantity > previous.minQuantity)) {
        context.addIssue({
          code: 'custom',
          path: ['priceBreaks', index, 'minQuantity'],
          message: 'price breaks must be in strictly increasing order of minQuantity',
        });
      }
    });
  });

/** Input of {@link quantityDiscountOrderQuantity}. */
export type QuantityDiscountInput = z.input<typeof schema>;

/** The best order quantity of one price region (currency per year). */
export interface PriceBreakCandidate {
  readonly breakIndex: number;
  readonly unitCost: number;
  /** EOQ at this price, moved up to the break's minimum when it falls below it. */
  readonly quantity: number;
  /** Purchase + ordering + holding per year. */
  readonly annualTotalCost: number;
}

/** Result of {@link quantityDiscountOrderQuantity}. */
export interface QuantityDiscountOrderQuantity extends PriceBreakCandidate {
  readonly annualPurchaseCost: number;
  readonly annualOrderingCost: number;
  readonly annualHoldingCost: number;
  /** Every region's candidate, in price-break order; regions whose EOQ lies above the region are omitted. */
  readonly candidates: readonly PriceBreakCandidate[];
}

/**
 * Order quantity under an all-units quantity discount: per price region the EOQ at that price (holding cost
 * = rate × price), raised to the region's minimum when below it; the candidate with the lowest total annual
 * cost (purchase + ordering + holding) wins.
 *
 * @throws DyocenseError `invalid_input` naming the field (e.g. `priceBreaks.1.minQuantity` out of order).
 */
export function quantityDiscountOrderQuantity(input: QuantityDiscountInput): QuantityDiscountOrderQuantity {
  const value = parseInput(schema, input, 'quantity discount input');
  const { annualDemand, orderCost, holdingRate } = value;
  const costs = (unitCost: number, quantity: number) => {
    const purchase = unitCost * annualDemand;
    const ordering = (orderCost * annualDemand) / quantity;
    const holding = (holdingRate * unitCost * quantity) / 2;
    return { purchase, ordering, holding, total: purchase + ordering + holding };
  };
  const candidates: PriceBreakCandidate[] = [];
  value.priceBreaks.forEach((priceBreak, breakIndex) => {
    const next = value.priceBreaks[breakIndex + 1];
    const eoq = Math.sqrt((2 * orderCost * annualDemand) / (holdingRate * priceBreak.unitCost));
    // An EOQ beyond the region is dominated by the next, cheaper region's candidate.
    if (next !== undefined && eoq >= next.minQuantity) return;
    const quantity = Math.max(eoq, priceBreak.minQuantity);
    if (quantity <= 0) return;
    candidates.push({
      breakIndex,
      unitCost: priceBreak.unitCost,
      quantity,
      annualTotalCost: costs(priceBreak.unitCost, quantity).total,
    });
  });
  let best = candidates[0] as PriceBreakCandidate;
  for (const candidate of candidates) if (candidate.annualTotalCost < best.annualTotalCost) best = candidate;
  const breakdown = costs(best.unitCost, best.quantity);
  return {
    ...best,
    annualPurchaseCost: breakdown.purchase,
    annualOrderingCost: breakdown.ordering,
    annualHoldingCost: breakdown.holding,
    candidates,
  };
}
