import type { LinearModel, LinearTerm, LinearVariable } from '../../solver/linear-model.js';
import { createLinearModelBuilder } from '../../solver/linear-model-builder.js';
import type { ParsedInventoryOrderProblem } from '../order-problem.js';
import { type ProductEconomics, productEconomics } from './product-economics.js';

/** Where each product lives in the model. */
export interface ProductColumns {
  readonly productIndex: number;
  readonly economics: ProductEconomics;
  /** Largest quantity the model may order (units). */
  readonly maxQuantity: number;
  /** Segment variables; their sum is the order quantity. */
  readonly segments: readonly number[];
  /** Integer number of case packs (MIP only). */
  readonly cases?: number;
}

/** A model row that can bind, named in user terms. */
export interface OrderRow {
  readonly row: number;
  readonly kind: 'budget' | 'storage' | 'category' | 'supplier-minimum';
  readonly id?: string;
  /** ≤ for limits, ≥ for supplier minimums. */
  readonly direction: 'upper' | 'lower';
}

/** The ordering model and the maps back to the problem. */
export interface OrderModel {
  readonly model: LinearModel;
  readonly products: readonly ProductColumns[];
  /** Binary "order from this supplier" variable per supplier id (MIP only, suppliers with orderable products). */
  readonly supplierColumns: ReadonlyMap<string, number>;
  readonly rows: readonly OrderRow[];
  /** Σ expected profit at on-hand stock: the model's objective is the gain over this (currency). */
  readonly baseProfit: number;
  readonly integer: boolean;
}

/**
 * Builds the ordering LP/MIP: per product, the concave expected profit between on-hand stock and the
 * critical-fractile level (rounded up to a whole case in the MIP, where the next case may still pay) cut into
 * equal-width segments whose slopes fall, so a maximising solver fills them in order without binaries.
 */
export function buildOrderModel(problem: ParsedInventoryOrderProblem): OrderModel {
  const integer = problem.integerCasePacks;
  const builder = createLinearModelBuilder('maximize');
  const products: ProductColumns[] = [];
  let baseProfit = 0;
  problem.products.forEach((product, productIndex) => {
    const economics = productEconomics(product);
    baseProfit += economics.expectedProfit(product.onHand);
    const room = economics.criticalLevel - product.onHand;
    const maxQuantity = !(room > 1e-9)
      ? 0
      : integer
        ? Math.ceil(room / product.casePack - 1e-9) * product.casePack
        : room;
    if (maxQuantity <= 0) return;
    const width = maxQuantity / problem.segments;
    const segments: number[] = [];
    let previous = economics.expectedProfit(product.onHand);
    for (let segment = 1; segment <= problem.segments; segment++) {
      const next = economics.expectedProfit(product.onHand + segment * width);
      segments.push(
        builder.addVariable({
          name: `x_${productIndex}_${segment}`,
          upper: width,
          cost: (next - previous) / width,
        }),
      );
      previous = next;
    }
    if (!integer) {
      products.push({ productIndex, economics, maxQuantity, segments });
      return;
    }
    const maxCases = Math.round(maxQuantity / product.casePack);
    const cases = builder.addVariable({ name: `n_${productIndex}`, upper: maxCases, integer: true });
    builder.addConstraint({
      name: `pack_${productIndex}`,
      terms: [
        ...segments.map((variable) => ({ variable, coefficient: 1 })),
        { variable: cases, coefficient: -product.casePack },
      ],
      lower: 0,
      upper: 0,
    });
    products.push({ productIndex, economics, maxQuantity, segments, cases });
  });

  const rows: OrderRow[] = [];
  const spendTerms = (
    filter: (productIndex: number) => boolean,
    per: 'unitCost' | 'unitVolume',
  ): LinearTerm[] =>
    products
      .filter((columns) => filter(columns.productIndex))
      .flatMap((columns) => {
        const coefficient = (problem.products[columns.productIndex] as (typeof problem.products)[number])[
          per
        ];
        return columns.segments.map((variable) => ({ variable, coefficient }));
      });
  const productAt = (index: number) => problem.products[index] as (typeof problem.products)[number];

  const supplierColumns = new Map<string, number>();
  if (integer) {
    for (const supplier of problem.suppliers) {
      const own = products.filter((columns) => productAt(columns.productIndex).supplier === supplier.id);
      if (own.length === 0) continue;
      const binary: LinearVariable = {
        name: `z_${supplier.id}`,
        upper: 1,
        integer: true,
        cost: -supplier.fixedOrderCost,
      };
      const column = builder.addVariable(binary);
      supplierColumns.set(supplier.id, column);
      // One aggregate link per supplier, spend ≤ M·z with M the most it could spend. Per-product links
      // n ≤ maxCases·z are tighter on paper but made HiGHS about 2x slower on the shared 50-product MIP.
      const supplierSpend = spendTerms((index) => productAt(index).supplier === supplier.id, 'unitCost');
      const most = Math.min(
        problem.budget,
        own.reduce(
          (total, columns) => total + columns.maxQuantity * productAt(columns.productIndex).unitCost,
          0,
        ),
      );
      builder.addConstraint({
        name: `open_${supplier.id}`,
        terms: [...supplierSpend, { variable: column, coefficient: -most }],
        upper: 0,
      });
      if (supplier.minOrderValue > 0) {
        const row = builder.addConstraint({
          name: `minimum_${supplier.id}`,
          terms: [...supplierSpend, { variable: column, coefficient: -supplier.minOrderValue }],
          lower: 0,
        });
        rows.push({ row, kind: 'supplier-minimum', id: supplier.id, direction: 'lower' });
      }
    }
  }
  if (products.length > 0) {
    rows.push({
      row: builder.addConstraint({
        name: 'budget',
        terms: spendTerms(() => true, 'unitCost'),
        upper: problem.budget,
      }),
      kind: 'budget',
      direction: 'upper',
    });
    rows.push({
      row: builder.addConstraint({
        name: 'storage',
        terms: spendTerms(() => true, 'unitVolume'),
        upper: problem.storageFree,
      }),
      kind: 'storage',
      direction: 'upper',
    });
    for (const category of problem.categories) {
      const terms = spendTerms((index) => productAt(index).category === category.id, 'unitCost');
      if (terms.length === 0) continue;
      rows.push({
        row: builder.addConstraint({ name: `category_${category.id}`, terms, upper: category.maxSpend }),
        kind: 'category',
        id: category.id,
        direction: 'upper',
      });
    }
  }
  return { model: builder.build(), products, supplierColumns, rows, baseProfit, integer };
}
