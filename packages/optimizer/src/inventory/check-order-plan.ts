import type { ParsedInventoryOrderProblem } from './order-problem.js';

/** One broken rule of an order plan, in the problem's terms. */
export interface OrderPlanViolation {
  readonly rule: 'non-negative' | 'case-pack' | 'budget' | 'storage' | 'category' | 'supplier-minimum';
  readonly id?: string;
  readonly message: string;
}

/**
 * Checks order quantities (one per product, units) against the problem's rules directly, independent of any
 * model: non-negative, whole case packs and supplier minimums when `integerCasePacks`, budget, storage and
 * category spend caps. Returns the violations (empty when the plan is valid); `tolerance` is relative.
 */
export function checkOrderPlan(
  problem: ParsedInventoryOrderProblem,
  quantities: readonly number[],
  tolerance = 1e-6,
): OrderPlanViolation[] {
  const violations: OrderPlanViolation[] = [];
  const slack = (limit: number) => tolerance * Math.max(1, Math.abs(limit));
  let spend = 0;
  let volume = 0;
  const categorySpend = new Map<string, number>();
  const supplierSpend = new Map<string, number>();
  problem.products.forEach((product, index) => {
    const quantity = quantities[index] ?? 0;
    if (!(quantity >= -slack(0))) {
      violations.push({
        rule: 'non-negative',
        id: product.id,
        message: `${product.id}: negative quantity ${quantity}`,
      });
    }
    if (problem.integerCasePacks) {
      const cases = quantity / product.casePack;
      if (Math.abs(cases - Math.round(cases)) > 1e-6) {
        violations.push({
          rule: 'case-pack',
          id: product.id,
          message: `${product.id}: ${quantity} is not a multiple of the case pack ${product.casePack}`,
        });
      }
    }
    spend += quantity * product.unitCost;
    volume += quantity * product.unitVolume;
    categorySpend.set(
      product.category,
      (categorySpend.get(product.category) ?? 0) + quantity * product.unitCost,
    );
    supplierSpend.set(
      product.supplier,
      (supplierSpend.get(product.supplier) ?? 0) + quantity * product.unitCost,
    );
  });
  if (spend > problem.budget + slack(problem.budget)) {
    violations.push({ rule: 'budget', message: `spend ${spend} exceeds the budget ${problem.budget}` });
  }
  if (volume > problem.storageFree + slack(problem.storageFree)) {
    violations.push({
      rule: 'storage',
      message: `volume ${volume} exceeds free storage ${problem.storageFree}`,
    });
  }
  for (const category of problem.categories) {
    const used = categorySpend.get(category.id) ?? 0;
    if (used > category.maxSpend + slack(category.maxSpend)) {
      violations.push({
        rule: 'category',
        id: category.id,
        message: `category ${category.id}: spend ${used} exceeds ${category.maxSpend}`,
      });
    }
  }
  if (problem.integerCasePacks) {
    for (const supplier of problem.suppliers) {
      const used = supplierSpend.get(supplier.id) ?? 0;
      if (used > slack(0) && used < supplier.minOrderValue - slack(supplier.minOrderValue)) {
        violations.push({
          rule: 'supplier-minimum',
          id: supplier.id,
          message: `supplier ${supplier.id}: order value ${used} is below the minimum ${supplier.minOrderValue}`,
        });
      }
    }
  }
  return violations;
}
