import type { InventoryOrderProblem } from '../../packages/optimizer/src/index.js';
import { createRandom } from '../internal/create-random.js';

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * A retailer's replenishment problem in the shape of shared/data/inventory/*.json: `count` products over 4-12
 * categories and 3-60 suppliers, with budget, storage and category caps set to about 40-60 % of what ordering
 * every product up to its critical-fractile level would need, so that they bind.
 */
export function generateInventoryInstance(
  count: number,
  seed: number,
  integerCasePacks: boolean,
): InventoryOrderProblem {
  const random = createRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const categoryCount = count <= 50 ? 4 : 12;
  const supplierCount = count <= 50 ? 3 : count <= 500 ? 20 : 60;
  const products = Array.from({ length: count }, (_, index) => {
    const unitCost = round(Math.exp(between(Math.log(0.8), Math.log(120))));
    const weeklyDemandMean = round(Math.exp(between(Math.log(0.5), Math.log(30))));
    const leadTimeWeeks = pick([1, 2, 2, 3, 4]);
    return {
      id: `p${index}`,
      category: `cat${Math.floor(random() * categoryCount)}`,
      supplier: `sup${Math.floor(random() * supplierCount)}`,
      unitCost,
      price: round(unitCost * between(1.3, 2.4)),
      holdingCostPerCycle: round(unitCost * between(0.05, 0.3)),
      weeklyDemandMean,
      weeklyDemandSd: round(weeklyDemandMean * between(0.2, 0.8)),
      leadTimeWeeks,
      reviewWeeks: 1,
      onHand: Math.floor(weeklyDemandMean * (leadTimeWeeks + 1) * between(0, 1.2)),
      unitVolume: round(between(0.1, 1.5)),
      casePack: integerCasePacks ? pick([1, 1, 6, 12, 24]) : 1,
    };
  });
  // Spend and volume if every product went to about 1.3 x its mean protection-interval demand.
  let spend = 0;
  let volume = 0;
  const categorySpend = new Array<number>(categoryCount).fill(0);
  for (const product of products) {
    const need = Math.max(0, 1.3 * product.weeklyDemandMean * (product.leadTimeWeeks + 1) - product.onHand);
    spend += need * product.unitCost;
    volume += need * product.unitVolume;
    const category = Number(product.category.slice(3));
    categorySpend[category] = (categorySpend[category] ?? 0) + need * product.unitCost;
  }
  return {
    kind: 'inventory-ordering',
    name: `bench-inv-${integerCasePacks ? 'mip' : 'lp'}-${count}`,
    seed,
    segments: 4,
    integerCasePacks,
    budget: Math.round(spend * 0.45),
    storageFree: Math.round(volume * 0.6),
    categories: categorySpend.map((total, index) => ({
      id: `cat${index}`,
      maxSpend: Math.round(total * between(0.35, 0.7)),
    })),
    suppliers: Array.from({ length: supplierCount }, (_, index) => ({
      id: `sup${index}`,
      fixedOrderCost: round(between(50, 150)),
      minOrderValue: pick([0, 150, 500]),
    })),
    products,
  };
}
