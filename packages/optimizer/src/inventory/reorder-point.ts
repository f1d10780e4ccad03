import { type SafetyStock, type SafetyStockInput, safetyStock } from './safety-stock.js';

/** Reorder point with its safety stock (units). */
export interface ReorderPoint extends SafetyStock {
  /** Mean lead-time demand plus safety stock. */
  readonly reorderPoint: number;
}

/**
 * Reorder point of a continuous-review policy: d·L + z·√(L·σd² + d²·σL²).
 *
 * @throws DyocenseError `invalid_input` naming the field.
 * @example
 * reorderPoint({ demandMean: 30, demandSd: 5, leadTime: 10, cycleServiceLevel: 0.95 }).reorderPoint // 326.0
 */
export function reorderPoint(input: SafetyStockInput): ReorderPoint {
  const stock = safetyStock(input);
  return { ...stock, reorderPoint: stock.leadTimeDemandMean + stock.safetyStock };
}
