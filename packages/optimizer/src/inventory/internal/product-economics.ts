import { normalCdf, normalLoss, normalQuantile } from '../../internal/normal.js';
import type { InventoryProduct } from '../order-problem.js';

/** Newsvendor economics of one product over its protection interval (lead time + review period). */
export interface ProductEconomics {
  /** Mean demand over the protection interval (units). */
  readonly mean: number;
  /** Standard deviation of demand over the protection interval (units). */
  readonly sd: number;
  /** price − unitCost: margin lost per unit of unmet demand. */
  readonly margin: number;
  /** Stock level that maximises expected profit (the critical-fractile level). */
  readonly criticalLevel: number;
  /** E[min(D, y)]. */
  expectedSales(level: number): number;
  /** margin·E[min(D, y)] − holdingCostPerCycle·E[(y − D)+]. */
  expectedProfit(level: number): number;
}

/** Demand over P = leadTimeWeeks + reviewWeeks is normal with mean m·P and sd s·√P. */
export function productEconomics(product: InventoryProduct): ProductEconomics {
  const weeks = product.leadTimeWeeks + product.reviewWeeks;
  const mean = product.weeklyDemandMean * weeks;
  const rawSd = product.weeklyDemandSd * Math.sqrt(weeks);
  // A spread below 1e-9 of the mean is rounding noise, not uncertainty: treat demand as deterministic.
  const sd = rawSd > 1e-9 * Math.max(1, mean) ? rawSd : 0;
  const margin = product.price - product.unitCost;
  const holding = product.holdingCostPerCycle;
  // Deterministic demand (sd = 0) is the limit of the normal formulas: sales min(μ, y), y* = μ.
  const expectedSales = (level: number): number =>
    sd > 0 ? mean - sd * normalLoss((level - mean) / sd) : Math.min(mean, level);
  // Without a holding cost more stock never hurts; beyond μ + 8σ the extra expected sales are below 1e-15 of σ,
  // so the level is capped there (which also keeps a tiny holding cost from giving an infinite quantile).
  const criticalLevel = sd > 0 ? mean + sd * Math.min(8, normalQuantile(margin / (margin + holding))) : mean;
  return {
    mean,
    sd,
    margin,
    criticalLevel,
    expectedSales,
    expectedProfit(level) {
      const sales = expectedSales(level);
      return margin * sales - holding * (level - sales);
    },
  };
}

/** Probability that demand over the protection interval does not exceed `level`. */
export function inStockProbability(economics: ProductEconomics, level: number): number {
  if (economics.sd === 0) return level >= economics.mean ? 1 : 0;
  return normalCdf((level - economics.mean) / economics.sd);
}
