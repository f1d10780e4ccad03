import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { solve } from '../solver/solve.js';
import type { SolveOptions } from '../solver/solve-options.js';
import { checkOrderPlan } from './check-order-plan.js';
import { buildOrderModel, type OrderModel, type OrderRow } from './internal/build-order-model.js';
import { describeBinding, describePlan } from './internal/describe-order-plan.js';
import { inStockProbability, productEconomics } from './internal/product-economics.js';
import { priceBindingRows } from './internal/shadow-prices.js';
import {
  type InventoryOrderProblem,
  inventoryOrderProblemSchema,
  type ParsedInventoryOrderProblem,
} from './order-problem.js';

const optionsSchema = z.object({
  backend: z.enum(['highs', 'lp-solver']).optional(),
  /** Wall-clock limit of the main solve in seconds; default 10. */
  timeLimit: z.number().positive().finite().optional(),
  /**
   * Relative gap at which the MIP stops as optimal; default 1e-3 (proving the last 0.01 % took HiGHS 10x longer
   * on the shared 50-product MIP).
   */
  gapTolerance: z.number().min(0).max(1).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
  /**
   * Compute shadow prices of the binding limits; default true. They are the LP's row duals (for a MIP, of one
   * extra LP with the supplier choices fixed); `lp-solver` gives no duals, so there each binding row costs an
   * extra LP.
   */
  shadowPrices: z.boolean().optional(),
});

/** Options of {@link optimizeInventoryOrders}. */
export type InventoryOrderOptions = z.input<typeof optionsSchema>;

/** A limit that the plan uses up, with what relaxing it is worth. */
export interface BindingConstraint {
  readonly kind: OrderRow['kind'];
  /** Category or supplier id. */
  readonly id?: string;
  /** The limit (currency or volume). */
  readonly limit: number;
  /** What the plan uses of it. */
  readonly used: number;
  /**
   * Expected profit gained per unit the limit is relaxed (raised for budget, storage and category caps,
   * lowered for supplier minimums), from the pricing LP named by `shadowPriceBasis`.
   */
  readonly shadowPrice: number;
  /** The same in words, e.g. "one more $100 of budget is worth about $41.20". */
  readonly description: string;
}

/** Result of {@link optimizeInventoryOrders}. Money in the problem's currency, quantities in units. */
export interface InventoryOrderPlan {
  /** `optimal` within `gapTolerance`, or `feasible` (stopped early; `gap` says how far from optimal it may be). */
  readonly status: 'optimal' | 'feasible';
  /** `lp` without integer case packs, `mip` with them. */
  readonly model: 'lp' | 'mip';
  /** ISO 4217 code of every money amount. */
  readonly currency: string;
  /** Expected profit of the plan under the piecewise-linear model, minus supplier fixed costs. */
  readonly expectedProfit: number;
  /** What the plan adds over ordering nothing (the model's objective). */
  readonly expectedProfitGain: number;
  /** Expected profit of the same quantities under the exact normal-demand formulas, minus fixed costs. */
  readonly exactExpectedProfit: number;
  /** Best proven upper bound on `expectedProfit` (piecewise-linear model); null when the solver gave none. */
  readonly bound: number | null;
  /** Relative gap of the model objective, |objective − bound| / max(1, |objective|); null without a bound. */
  readonly gap: number | null;
  readonly timeSeconds: number;
  /** Products with a positive order. */
  readonly orders: readonly {
    readonly productId: string;
    readonly supplierId: string;
    readonly quantity: number;
    /** Whole case packs (MIP), else quantity / casePack. */
    readonly cases: number;
    readonly cost: number;
  }[];
  /** Every product: stock after the order arrives and its expected service. */
  readonly products: readonly {
    readonly productId: string;
    readonly onHand: number;
    readonly quantity: number;
    readonly stockLevel: number;
    /** Stock level that maximises this product's expected profit on its own. */
    readonly criticalLevel: number;
    /** Expected demand over lead time + review period. */
    readonly expectedDemand: number;
    readonly expectedSales: number;
    /** Expected share of demand served, E[min(D, y)] / E[D]. */
    readonly fillRate: number;
    /** Probability of no stockout over the protection interval. */
    readonly inStockProbability: number;
  }[];
  readonly suppliers: readonly {
    readonly supplierId: string;
    readonly ordered: boolean;
    readonly orderValue: number;
    /** Fixed cost charged (MIP and ordered only). */
    readonly fixedOrderCost: number;
  }[];
  readonly spend: number;
  readonly volume: number;
  readonly bindingConstraints: readonly BindingConstraint[];
  /**
   * Where the shadow prices come from: `lp` (the LP itself), `fixed-supplier-lp` (the MIP with supplier choices
   * fixed at the plan and case packs relaxed) or `none` (not asked for).
   */
  readonly shadowPriceBasis: 'lp' | 'fixed-supplier-lp' | 'none';
  /** The plan and its binding limits in words. */
  readonly explanation: readonly string[];
}

function quantitiesOf(
  order: OrderModel,
  values: readonly number[],
  productCount: number,
  packs: readonly number[],
) {
  const quantities = new Array<number>(productCount).fill(0);
  for (const columns of order.products) {
    if (columns.cases !== undefined) {
      quantities[columns.productIndex] =
        Math.round(values[columns.cases] ?? 0) * (packs[columns.productIndex] ?? 1);
    } else {
      const sum = columns.segments.reduce((total, variable) => total + (values[variable] ?? 0), 0);
      // Tiny negative or above-range noise from the solver's tolerances is not a decision.
      quantities[columns.productIndex] = Math.min(columns.maxQuantity, Math.max(0, sum));
    }
  }
  return quantities;
}

/**
 * Multi-product ordering: maximises expected newsvendor profit over every product's protection interval
 * (lead time + review period, normal demand) under a budget, free storage, category spend caps and — with
 * `integerCasePacks` — whole case packs, supplier fixed order costs and minimum order values. Each product's
 * concave expected profit is approximated by `segments` straight pieces between on-hand stock and its
 * critical-fractile level, which makes the problem an LP (a MIP with case packs) solved by HiGHS; the plan is
 * re-checked against the problem's rules, priced exactly, and its binding limits are priced by the row duals of
 * the LP (or of the MIP with supplier choices fixed and case packs relaxed).
 *
 * @throws DyocenseError `invalid_input` naming the field (negative demand, unknown category, price ≤ cost, ...);
 * `solver_timeout` when cancelled; `internal` when a returned plan breaks a rule.
 * @example
 * const plan = await optimizeInventoryOrders(problem, { timeLimit: 5 });
 * plan.orders; // [{ productId: 'p3', supplierId: 'sup1', quantity: 12, cases: 1, cost: 1192.08 }, ...]
 */
export async function optimizeInventoryOrders(
  problem: InventoryOrderProblem,
  options: InventoryOrderOptions = {},
): Promise<InventoryOrderPlan> {
  const parsed = parseInput(inventoryOrderProblemSchema, problem, 'inventory ordering problem');
  const settings = parseInput(optionsSchema, options, 'inventory ordering options');
  const started = performance.now();
  const order = buildOrderModel(parsed);
  const solveOptions: SolveOptions = {
    timeLimit: settings.timeLimit ?? 10,
    gapTolerance: settings.gapTolerance ?? 1e-3,
    ...(settings.backend === undefined ? {} : { backend: settings.backend }),
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
  };
  const zeroStart = new Array<number>(order.model.variables.length).fill(0);
  const result =
    order.model.variables.length === 0
      ? null
      : await solve(order.model, {
          ...solveOptions,
          // Ordering nothing is always feasible: as a MIP start it guarantees a plan at any time limit.
          ...(order.integer && settings.backend !== 'lp-solver' ? { initialValues: zeroStart } : {}),
        });
  if (result !== null && (result.status === 'infeasible' || result.status === 'unbounded')) {
    // Ordering nothing satisfies every row, and every variable is bounded: neither can happen.
    throw new DyocenseError({
      code: 'internal',
      message: `the ordering model was reported ${result.status}, which its construction rules out`,
    });
  }
  const values = result?.values ?? zeroStart;
  const packs = parsed.products.map((product) => product.casePack);
  const quantities = quantitiesOf(order, values, parsed.products.length, packs);
  const violations = checkOrderPlan(parsed, quantities);
  if (violations.length > 0) {
    throw new DyocenseError({
      code: 'internal',
      message: `the solver's order plan breaks the problem's rules: ${violations.map((entry) => entry.message).join('; ')}`,
      details: { violations },
    });
  }

  const supplierValue = new Map<string, number>();
  parsed.products.forEach((product, index) => {
    const cost = (quantities[index] ?? 0) * product.unitCost;
    supplierValue.set(product.supplier, (supplierValue.get(product.supplier) ?? 0) + cost);
  });
  const suppliers = parsed.suppliers.map((supplier) => {
    const orderValue = supplierValue.get(supplier.id) ?? 0;
    const ordered = orderValue > 0;
    return {
      supplierId: supplier.id,
      ordered,
      orderValue,
      fixedOrderCost: ordered && parsed.integerCasePacks ? supplier.fixedOrderCost : 0,
    };
  });
  const fixedCosts = suppliers.reduce((total, supplier) => total + supplier.fixedOrderCost, 0);
  const economicsByIndex = new Map(
    order.products.map((columns) => [columns.productIndex, columns.economics]),
  );
  const modelGain = result?.objective ?? 0;

  let exactProfit = -fixedCosts;
  const products = parsed.products.map((product, index) => {
    const quantity = quantities[index] ?? 0;
    const economics = economicsByIndex.get(index) ?? productEconomics(product);
    const stockLevel = product.onHand + quantity;
    const expectedSales = economics.expectedSales(stockLevel);
    exactProfit += economics.expectedProfit(stockLevel);
    return {
      productId: product.id,
      onHand: product.onHand,
      quantity,
      stockLevel,
      criticalLevel: economics.criticalLevel,
      expectedDemand: economics.mean,
      expectedSales,
      fillRate: economics.mean > 0 ? expectedSales / economics.mean : 1,
      inStockProbability: inStockProbability(economics, stockLevel),
    };
  });
  const orders = parsed.products.flatMap((product, index) => {
    const quantity = quantities[index] ?? 0;
    return quantity > 0
      ? [
          {
            productId: product.id,
            supplierId: product.supplier,
            quantity,
            cases: quantity / product.casePack,
            cost: quantity * product.unitCost,
          },
        ]
      : [];
  });

  const spend = orders.reduce((total, entry) => total + entry.cost, 0);
  const volume = parsed.products.reduce(
    (total, product, index) => total + (quantities[index] ?? 0) * product.unitVolume,
    0,
  );
  let bindingConstraints: BindingConstraint[] = [];
  let shadowPriceBasis: InventoryOrderPlan['shadowPriceBasis'] = 'none';
  if (settings.shadowPrices !== false && result !== null && result.values !== null) {
    const priced = await priceBindingRows(order, values, modelGain, result.duals, solveOptions);
    shadowPriceBasis = priced.basis;
    bindingConstraints = priced.rows
      // A supplier that is not ordered from has no minimum to meet.
      .filter(({ row }) => row.kind !== 'supplier-minimum' || (supplierValue.get(row.id ?? '') ?? 0) > 0)
      .map(({ row, shadowPrice }) => {
        const usage = usageOf(parsed, quantities, row);
        return { ...usage, shadowPrice, description: describeBinding(usage, shadowPrice, parsed.currency) };
      });
  }
  const plan = {
    status: result === null || result.status === 'optimal' ? ('optimal' as const) : ('feasible' as const),
    model: order.integer ? ('mip' as const) : ('lp' as const),
    currency: parsed.currency,
    expectedProfit: order.baseProfit + modelGain,
    expectedProfitGain: modelGain,
    exactExpectedProfit: exactProfit,
    bound:
      result === null
        ? order.baseProfit
        : result.bound !== null
          ? order.baseProfit + result.bound
          : result.status === 'optimal' && !order.integer
            ? order.baseProfit + modelGain
            : null,
    gap: result === null ? 0 : (result.gap ?? (result.status === 'optimal' && !order.integer ? 0 : null)),
    timeSeconds: (performance.now() - started) / 1000,
    orders,
    products,
    suppliers,
    spend,
    volume,
    bindingConstraints,
    shadowPriceBasis,
  };
  return { ...plan, explanation: describePlan(parsed, plan) };
}

function usageOf(
  problem: ParsedInventoryOrderProblem,
  quantities: readonly number[],
  row: OrderRow,
): { kind: OrderRow['kind']; id?: string; limit: number; used: number } {
  const total = (
    filter: (product: ParsedInventoryOrderProblem['products'][number]) => boolean,
    per: 'unitCost' | 'unitVolume',
  ) =>
    problem.products.reduce(
      (sum, product, index) => (filter(product) ? sum + (quantities[index] ?? 0) * product[per] : sum),
      0,
    );
  switch (row.kind) {
    case 'budget':
      return { kind: row.kind, limit: problem.budget, used: total(() => true, 'unitCost') };
    case 'storage':
      return { kind: row.kind, limit: problem.storageFree, used: total(() => true, 'unitVolume') };
    case 'category': {
      const limit = problem.categories.find((category) => category.id === row.id)?.maxSpend ?? 0;
      return {
        kind: row.kind,
        id: row.id ?? '',
        limit,
        used: total((product) => product.category === row.id, 'unitCost'),
      };
    }
    case 'supplier-minimum': {
      const limit = problem.suppliers.find((supplier) => supplier.id === row.id)?.minOrderValue ?? 0;
      return {
        kind: row.kind,
        id: row.id ?? '',
        limit,
        used: total((product) => product.supplier === row.id, 'unitCost'),
      };
    }
  }
}
