import { parseInput } from '@dyocense/core';
import { z } from 'zod';
import { normalCdf, normalLoss, normalQuantile } from '../internal/normal.js';
import { nonNegativeNumber, positiveNumber } from '../internal/schemas.js';

const demandSchema = z.union([
  z.object({
    /** Mean demand over the selling season (units). */
    mean: nonNegativeNumber,
    /** Standard deviation of demand (units). */
    sd: positiveNumber,
  }),
  z.object({
    /** Observed demands, each equally likely (units). */
    samples: z.array(nonNegativeNumber).min(1),
  }),
]);

const schema = z
  .object({
    demand: demandSchema,
    /** Selling price per unit (currency); with `unitCost` gives the underage cost price − unitCost. */
    price: positiveNumber.optional(),
    /** Purchase cost per unit (currency). */
    unitCost: positiveNumber.optional(),
    /** Value of a leftover unit (currency); overage cost = unitCost − salvageValue. */
    salvageValue: nonNegativeNumber.default(0),
    /** Cost of one unit of unmet demand, when not derived from price and cost. */
    underageCost: positiveNumber.optional(),
    /** Cost of one leftover unit, when not derived from cost and salvage. */
    overageCost: positiveNumber.optional(),
    /** Safety factor to use instead of Φ⁻¹(critical fractile), e.g. a rounded table value (normal demand only). */
    z: z.number().finite().optional(),
  })
  .superRefine((value, context) => {
    const byPrice = value.price !== undefined || value.unitCost !== undefined;
    const byCost = value.underageCost !== undefined || value.overageCost !== undefined;
    if (byPrice === byCost) {
      context.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'give either price and unitCost (and salvageValue) or underageCost and overageCost',
      });
      return;
    }
    if (byPrice) {
      if (value.price === undefined || value.unitCost === undefined) {
        context.addIssue({
          code: 'custom',
          path: [value.price === undefined ? 'price' : 'unitCost'],
          message: 'price and unitCost go together',
        });
      } else if (!(value.price > value.unitCost && value.unitCost > value.salvageValue)) {
        context.addIssue({
          code: 'custom',
          path: ['unitCost'],
          message: 'need price > unitCost > salvageValue',
        });
      }
    } else if (value.underageCost === undefined || value.overageCost === undefined) {
      context.addIssue({
        code: 'custom',
        path: [value.underageCost === undefined ? 'underageCost' : 'overageCost'],
        message: 'underageCost and overageCost go together',
      });
    }
  });

/** Input of {@link newsvendor} and {@link evaluateNewsvendor}. */
export type NewsvendorInput = z.input<typeof schema>;

/** Expected outcome of stocking `quantity` units for one season (units and currency). */
export interface NewsvendorOutcome {
  readonly quantity: number;
  /** Cu / (Cu + Co). */
  readonly criticalFractile: number;
  readonly underageCost: number;
  readonly overageCost: number;
  readonly expectedSales: number;
  readonly expectedLeftover: number;
  readonly expectedShortage: number;
  /** Co·E[leftover] + Cu·E[shortage]. */
  readonly expectedMismatchCost: number;
  /** Revenue + salvage − purchase cost; present when price and unitCost were given. */
  readonly expectedProfit?: number;
  /** Probability that demand does not exceed the quantity. */
  readonly inStockProbability: number;
  /** Expected sales over expected demand. */
  readonly fillRate: number;
}

type Parsed = z.output<typeof schema>;

function economics(value: Parsed): { underage: number; overage: number } {
  if (value.price !== undefined && value.unitCost !== undefined) {
    return { underage: value.price - value.unitCost, overage: value.unitCost - value.salvageValue };
  }
  return { underage: value.underageCost as number, overage: value.overageCost as number };
}

function outcome(value: Parsed, quantity: number): NewsvendorOutcome {
  const { underage, overage } = economics(value);
  let shortage: number;
  let leftover: number;
  let inStock: number;
  let mean: number;
  if ('samples' in value.demand) {
    const samples = value.demand.samples;
    mean = samples.reduce((total, sample) => total + sample, 0) / samples.length;
    shortage = samples.reduce((total, sample) => total + Math.max(0, sample - quantity), 0) / samples.length;
    leftover = samples.reduce((total, sample) => total + Math.max(0, quantity - sample), 0) / samples.length;
    inStock = samples.filter((sample) => sample <= quantity).length / samples.length;
  } else {
    const { sd } = value.demand;
    mean = value.demand.mean;
    const standardised = (quantity - mean) / sd;
    shortage = sd * normalLoss(standardised);
    leftover = quantity - mean + shortage;
    inStock = normalCdf(standardised);
  }
  const sales = mean - shortage;
  const profit =
    value.price !== undefined && value.unitCost !== undefined
      ? { expectedProfit: value.price * sales + value.salvageValue * leftover - value.unitCost * quantity }
      : {};
  return {
    quantity,
    criticalFractile: underage / (underage + overage),
    underageCost: underage,
    overageCost: overage,
    expectedSales: sales,
    expectedLeftover: leftover,
    expectedShortage: shortage,
    expectedMismatchCost: overage * leftover + underage * shortage,
    ...profit,
    inStockProbability: inStock,
    fillRate: mean > 0 ? sales / mean : 1,
  };
}

/** Smallest observed demand whose empirical distribution function reaches the critical fractile. */
function empiricalQuantile(samples: readonly number[], fractile: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  for (let index = 0; index < sorted.length; index++) {
    const candidate = sorted[index] as number;
    // Ties: the empirical CDF at a value counts every sample equal to it.
    if (sorted[index + 1] === candidate) continue;
    if ((index + 1) / sorted.length >= fractile - 1e-12) return candidate;
  }
  return sorted[sorted.length - 1] as number;
}

/**
 * Newsvendor: the stocking quantity that maximises expected profit for one season, at the critical fractile
 * Cu / (Cu + Co) of demand. Normal demand gives μ + z·σ with z = Φ⁻¹(fractile) (or the given `z`); observed demand
 * samples give the smallest sample whose empirical CDF reaches the fractile (optimal for that discrete
 * distribution).
 *
 * @throws DyocenseError `invalid_input` naming the field (e.g. `unitCost` not below `price`).
 * @example
 * newsvendor({ demand: { mean: 50, sd: 8 }, underageCost: 0.7, overageCost: 0.18 }).quantity // 56.604
 */
export function newsvendor(input: NewsvendorInput): NewsvendorOutcome {
  const value = parseInput(schema, input, 'newsvendor input');
  const { underage, overage } = economics(value);
  const fractile = underage / (underage + overage);
  if ('samples' in value.demand) return outcome(value, empiricalQuantile(value.demand.samples, fractile));
  const z = value.z ?? normalQuantile(fractile);
  return outcome(value, Math.max(0, value.demand.mean + z * value.demand.sd));
}

/**
 * Expected sales, leftovers, shortage, mismatch cost and profit of stocking `quantity` units.
 *
 * @throws DyocenseError `invalid_input` naming the field; `quantity` must be finite and ≥ 0.
 */
export function evaluateNewsvendor(input: NewsvendorInput, quantity: number): NewsvendorOutcome {
  const value = parseInput(schema, input, 'newsvendor input');
  const stocked = parseInput(nonNegativeNumber, quantity, 'newsvendor quantity');
  return outcome(value, stocked);
}
