import type { ParsedInventoryOrderProblem } from '../order-problem.js';
import type { OrderRow } from './build-order-model.js';

/** Formats money in the problem's currency, e.g. `$1,234.56`. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}

const formatNumber = (value: number): string =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);

/** One binding limit in words: what is used up and what relaxing it is worth. */
export function describeBinding(
  usage: { kind: OrderRow['kind']; id?: string; limit: number; used: number },
  shadowPrice: number,
  currency: string,
): string {
  const money = (amount: number) => formatMoney(amount, currency);
  const worth = (change: string, units: number) =>
    shadowPrice > 0
      ? `${change} would add about ${money(shadowPrice * units)} of expected profit`
      : 'relaxing it would not add expected profit';
  switch (usage.kind) {
    case 'budget':
      return `The budget is used up (${money(usage.used)} of ${money(usage.limit)}): ${worth(`one more ${money(100)} of budget`, 100)}.`;
    case 'storage':
      return `Storage is full (${formatNumber(usage.used)} of ${formatNumber(usage.limit)} volume units): ${worth('one more volume unit of space', 1)}.`;
    case 'category':
      return `Category ${usage.id} is at its spend cap (${money(usage.used)} of ${money(usage.limit)}): ${worth(`raising the cap by ${money(100)}`, 100)}.`;
    case 'supplier-minimum':
      return `Supplier ${usage.id}'s minimum order of ${money(usage.limit)} sets its order size (${money(usage.used)}): ${worth(`lowering the minimum by ${money(100)}`, 100)}.`;
  }
}

/** The plan in a few sentences: what to order, what it earns, how sure we are, what binds. */
export function describePlan(
  problem: ParsedInventoryOrderProblem,
  plan: {
    status: 'optimal' | 'feasible';
    expectedProfit: number;
    expectedProfitGain: number;
    gap: number | null;
    orders: readonly unknown[];
    suppliers: readonly { supplierId: string; ordered: boolean; fixedOrderCost: number }[];
    spend: number;
    bindingConstraints: readonly { description: string }[];
  },
): string[] {
  const money = (amount: number) => formatMoney(amount, problem.currency);
  const lines = [
    `Order ${plan.orders.length} of ${problem.products.length} products for ${money(plan.spend)} (budget ${money(problem.budget)}); expected profit ${money(plan.expectedProfit)}, ${money(plan.expectedProfitGain)} more than ordering nothing.`,
  ];
  if (plan.status === 'optimal') {
    lines.push('This plan is optimal for the piecewise-linear profit model.');
  } else {
    lines.push(
      plan.gap === null
        ? 'The solver stopped at its time limit; this plan is feasible but its distance from the optimum is unknown.'
        : `The solver stopped at its time limit; this plan is within ${formatNumber(plan.gap * 100)} % of the best possible.`,
    );
  }
  if (problem.integerCasePacks) {
    const used = plan.suppliers.filter((supplier) => supplier.ordered);
    lines.push(
      `Suppliers ordered from: ${used.length === 0 ? 'none' : used.map((supplier) => `${supplier.supplierId} (fixed cost ${money(supplier.fixedOrderCost)})`).join(', ')}.`,
    );
  }
  for (const binding of plan.bindingConstraints) lines.push(binding.description);
  return lines;
}
