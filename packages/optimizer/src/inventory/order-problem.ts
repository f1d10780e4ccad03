import { z } from 'zod';

const money = z.number().finite().nonnegative();
const quantity = z.number().finite().nonnegative();

/**
 * zod schema of a multi-product ordering problem, in the format of `shared/data/inventory/*.json`. Money is in
 * the problem's currency, demand and stock in units, time in weeks. Cross-references (unique ids, each product's
 * category and supplier) are checked and reported with the offending field's path.
 */
export const inventoryOrderProblemSchema = z
  .object({
    kind: z.literal('inventory-ordering').optional(),
    name: z.string().optional(),
    seed: z.number().optional(),
    /** ISO 4217 code of every money amount; default USD. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
      .default('USD'),
    /** Straight segments approximating each product's concave expected profit; default 4. */
    segments: z.number().int().min(1).max(100).default(4),
    /**
     * When true, quantities are multiples of `casePack` and suppliers charge `fixedOrderCost` and require
     * `minOrderValue` when ordered from (a MIP); when false, quantities are continuous and supplier terms are
     * ignored (an LP), as in the shared data README.
     */
    integerCasePacks: z.boolean().default(false),
    /** Total purchase budget for this order. */
    budget: money,
    /** Free storage volume (same unit as `unitVolume`). */
    storageFree: quantity,
    categories: z.array(z.object({ id: z.string().min(1), maxSpend: money })),
    suppliers: z.array(
      z.object({ id: z.string().min(1), fixedOrderCost: money.default(0), minOrderValue: money.default(0) }),
    ),
    products: z
      .array(
        z.object({
          id: z.string().min(1),
          category: z.string().min(1),
          supplier: z.string().min(1),
          unitCost: z.number().finite().positive(),
          price: z.number().finite().positive(),
          /** Cost of a unit left over at the end of the cycle (holding, obsolescence). */
          holdingCostPerCycle: money,
          weeklyDemandMean: quantity,
          weeklyDemandSd: quantity,
          leadTimeWeeks: quantity,
          reviewWeeks: z.number().finite().positive(),
          onHand: quantity,
          unitVolume: quantity,
          casePack: z.number().int().positive().default(1),
        }),
      )
      .min(1),
  })
  .superRefine((problem, context) => {
    const unique = (list: readonly { id: string }[], field: string) => {
      const seen = new Set<string>();
      list.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          context.addIssue({
            code: 'custom',
            path: [field, index, 'id'],
            message: `duplicate id "${entry.id}"`,
          });
        }
        seen.add(entry.id);
      });
      return seen;
    };
    const categories = unique(problem.categories, 'categories');
    const suppliers = unique(problem.suppliers, 'suppliers');
    unique(problem.products, 'products');
    problem.products.forEach((product, index) => {
      if (!categories.has(product.category)) {
        context.addIssue({
          code: 'custom',
          path: ['products', index, 'category'],
          message: `unknown category "${product.category}"`,
        });
      }
      if (!suppliers.has(product.supplier)) {
        context.addIssue({
          code: 'custom',
          path: ['products', index, 'supplier'],
          message: `unknown supplier "${product.supplier}"`,
        });
      }
      if (!(product.price > product.unitCost)) {
        context.addIssue({
          code: 'custom',
          path: ['products', index, 'price'],
          message: 'price must exceed unitCost, otherwise ordering can only lose money',
        });
      }
    });
  });

/** A multi-product ordering problem (input of {@link optimizeInventoryOrders}). */
export type InventoryOrderProblem = z.input<typeof inventoryOrderProblemSchema>;
/** {@link InventoryOrderProblem} with defaults applied. */
export type ParsedInventoryOrderProblem = z.output<typeof inventoryOrderProblemSchema>;
/** One product of a parsed problem. */
export type InventoryProduct = ParsedInventoryOrderProblem['products'][number];
