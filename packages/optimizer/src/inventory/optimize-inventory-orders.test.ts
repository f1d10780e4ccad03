import { readFileSync } from 'node:fs';
import { DyocenseError } from '@dyocense/core';
import { forecast } from '@dyocense/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solve } from '../solver/solve.js';
import { checkOrderPlan } from './check-order-plan.js';
import { demandFromForecast } from './demand-from-forecast.js';
import { buildOrderModel } from './internal/build-order-model.js';
import { newsvendor } from './newsvendor.js';
import { optimizeInventoryOrders } from './optimize-inventory-orders.js';
import { type InventoryOrderProblem, inventoryOrderProblemSchema } from './order-problem.js';

const sharedData = new URL('./__fixtures__/', import.meta.url);
const load = (name: string): InventoryOrderProblem =>
  JSON.parse(readFileSync(new URL(`${name}.json`, sharedData), 'utf8')) as InventoryOrderProblem;
const cbc = (
  JSON.parse(readFileSync(new URL('./__fixtures__/cbc-objectives.json', import.meta.url), 'utf8')) as {
    instances: Record<string, { objective: number }>;
  }
).instances;

function relativeDifference(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

describe('optimizeInventoryOrders on the shared LP instances', () => {
  it('matches CBC on inv-lp-50 and the research reference optimum 7493.8230', async () => {
    const plan = await optimizeInventoryOrders(load('inv-lp-50'));
    expect(plan.status).toBe('optimal');
    expect(plan.model).toBe('lp');
    expect(
      relativeDifference(plan.expectedProfitGain, cbc['inv-lp-50']?.objective ?? Number.NaN),
    ).toBeLessThan(1e-8);
    // shared/research/optimizer.md: an independently written generator's model of the same instance (its normal
    // functions differ from ours in the 7th digit).
    expect(relativeDifference(plan.expectedProfitGain, 7493.823)).toBeLessThan(1e-6);
  });

  it('matches CBC on inv-lp-500 and the research reference optimum 79491.6716', async () => {
    const plan = await optimizeInventoryOrders(load('inv-lp-500'), { shadowPrices: false });
    expect(
      relativeDifference(plan.expectedProfitGain, cbc['inv-lp-500']?.objective ?? Number.NaN),
    ).toBeLessThan(1e-8);
    expect(relativeDifference(plan.expectedProfitGain, 79491.6716)).toBeLessThan(1e-5);
    expect(plan.shadowPriceBasis).toBe('none');
  });

  it('prices binding limits consistently with every partly filled profit segment (complementary slackness)', async () => {
    const problem = inventoryOrderProblemSchema.parse(load('inv-lp-50'));
    const plan = await optimizeInventoryOrders(problem);
    expect(plan.shadowPriceBasis).toBe('lp');
    const price = (kind: string, id?: string) =>
      plan.bindingConstraints.find((entry) => entry.kind === kind && entry.id === id)?.shadowPrice ?? 0;
    expect(price('budget')).toBeGreaterThan(0);
    expect(plan.bindingConstraints.find((entry) => entry.kind === 'budget')?.description).toMatch(
      /^The budget is used up \(\$11,799\.00 of \$11,799\.00\): one more \$100\.00 of budget would add about \$\d+\.\d\d of expected profit\.$/,
    );
    // A segment strictly between empty and full earns exactly what its resources cost at the shadow prices.
    const order = buildOrderModel(problem);
    let checked = 0;
    for (const columns of order.products) {
      const product = problem.products[columns.productIndex];
      if (product === undefined) continue;
      const width = columns.maxQuantity / problem.segments;
      const filled = (plan.products[columns.productIndex]?.quantity ?? 0) / width;
      const partial = filled - Math.floor(filled);
      if (partial < 1e-4 || partial > 1 - 1e-4) continue;
      const slope = order.model.variables[columns.segments[Math.floor(filled)] ?? -1]?.cost ?? Number.NaN;
      const resourceCost =
        product.unitCost * (price('budget') + price('category', product.category)) +
        product.unitVolume * price('storage');
      expect(slope).toBeCloseTo(resourceCost, 4);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('optimizeInventoryOrders shadow prices', () => {
  it('takes them from LP duals that equal a finite-difference re-solve on inv-lp-50', async () => {
    const problem = inventoryOrderProblemSchema.parse(load('inv-lp-50'));
    const plan = await optimizeInventoryOrders(problem);
    expect(plan.bindingConstraints.length).toBeGreaterThan(0);
    const order = buildOrderModel(problem);
    const base = await solve(order.model);
    for (const binding of plan.bindingConstraints) {
      const row = order.rows.find((entry) => entry.kind === binding.kind && entry.id === binding.id);
      expect(row?.direction).toBe('upper');
      const index = row?.row ?? -1;
      // The price is the solver's dual of that row, not a re-solve.
      const name = order.model.constraints[index]?.name ?? '';
      expect(binding.shadowPrice).toBeCloseTo(base.duals?.[name] ?? Number.NaN, 9);
      const step = 1e-4 * Math.max(1, binding.limit);
      const relaxed = await solve({
        ...order.model,
        constraints: order.model.constraints.map((constraint, at) =>
          at === index ? { ...constraint, upper: (constraint.upper ?? 0) + step } : constraint,
        ),
      });
      const finiteDifference = ((relaxed.objective ?? Number.NaN) - (base.objective ?? 0)) / step;
      expect(Math.abs(binding.shadowPrice - finiteDifference)).toBeLessThan(
        1e-6 * Math.max(1, finiteDifference),
      );
    }
  });
});

describe('optimizeInventoryOrders on the shared MIP instance', () => {
  it('comes within its gap of CBC on inv-mip-50 with whole case packs and supplier rules', async () => {
    const problem = inventoryOrderProblemSchema.parse(load('inv-mip-50'));
    const plan = await optimizeInventoryOrders(problem, { gapTolerance: 1e-3 });
    const reference = cbc['inv-mip-50']?.objective ?? Number.NaN;
    expect(plan.model).toBe('mip');
    expect(plan.expectedProfitGain).toBeLessThanOrEqual(reference + 1e-6);
    expect(relativeDifference(plan.expectedProfitGain, reference)).toBeLessThan(1e-3);
    expect(plan.shadowPriceBasis).toBe('fixed-supplier-lp');
    const quantities = problem.products.map((_, index) => plan.products[index]?.quantity ?? 0);
    expect(checkOrderPlan(problem, quantities)).toEqual([]);
    for (const entry of plan.orders) expect(Number.isInteger(entry.cases)).toBe(true);
    const fixed = plan.suppliers.reduce((total, supplier) => total + supplier.fixedOrderCost, 0);
    expect(fixed).toBeGreaterThan(0);
    // Chords of a concave function lie below it: the exact expected profit is at least the model's.
    expect(plan.exactExpectedProfit).toBeGreaterThanOrEqual(plan.expectedProfit - 1e-6);
  });
});

describe('optimizeInventoryOrders with demand from a forecast', () => {
  it('orders up to the newsvendor level when nothing binds, with demand read off a @dyocense/forecast result', async () => {
    const weeks = Array.from({ length: 104 }, (_, index) => index);
    const sales = weeks.map((week) => 40 + 8 * Math.sin((2 * Math.PI * week) / 13) + ((week * 7) % 5));
    const result = forecast(
      { id: 'beans', timestamps: weeks.map((week) => Date.UTC(2023, 0, 2 + 7 * week)), values: sales },
      { horizon: 4, levels: [95], model: 'naive' },
    );
    const demand = demandFromForecast(result.points);
    const first = result.points[0]?.intervals[0] ?? { lower: Number.NaN, upper: Number.NaN };
    // A naive forecast's 95 % interval is mean ± 1.96·σ·√h, so the RMS of the four steps' sds is σ·√2.5.
    const sigma = (first.upper - first.lower) / (2 * 1.959963984540054);
    expect(demand.weeklyDemandSd).toBeCloseTo(sigma * Math.sqrt(2.5), 6);
    expect(demand.weeklyDemandMean).toBeCloseTo(result.points[0]?.mean ?? Number.NaN, 9);
    const product = {
      id: 'beans',
      category: 'grocery',
      supplier: 'roaster',
      unitCost: 6,
      price: 10,
      holdingCostPerCycle: 1.5,
      ...demand,
      leadTimeWeeks: 1,
      reviewWeeks: 1,
      onHand: 10,
      unitVolume: 1,
      casePack: 1,
    };
    const plan = await optimizeInventoryOrders({
      budget: 1e6,
      storageFree: 1e6,
      categories: [{ id: 'grocery', maxSpend: 1e6 }],
      suppliers: [{ id: 'roaster' }],
      products: [product],
    });
    const exact = newsvendor({
      demand: { mean: demand.weeklyDemandMean * 2, sd: demand.weeklyDemandSd * Math.SQRT2 },
      underageCost: 4,
      overageCost: 1.5,
    });
    expect(plan.products[0]?.stockLevel).toBeCloseTo(exact.quantity, 6);
    expect(plan.products[0]?.fillRate).toBeCloseTo(exact.fillRate, 9);
    expect(plan.bindingConstraints).toEqual([]);
  });
});

describe('optimizeInventoryOrders input checks and properties', () => {
  it('rejects negative demand with invalid_input naming the product field', async () => {
    const problem = load('inv-lp-50');
    const products = problem.products.map((product, index) =>
      index === 3 ? { ...product, weeklyDemandMean: -2 } : product,
    );
    await expect(optimizeInventoryOrders({ ...problem, products })).rejects.toSatisfy(
      (error) =>
        DyocenseError.isInstance(error) &&
        error.code === 'invalid_input' &&
        error.issues[0]?.path.join('.') === 'products.3.weeklyDemandMean',
    );
  });

  it('rejects a product in an unknown category', async () => {
    const problem = load('inv-lp-50');
    const products = problem.products.map((product, index) =>
      index === 0 ? { ...product, category: 'nope' } : product,
    );
    await expect(optimizeInventoryOrders({ ...problem, products })).rejects.toThrow(
      'products.0.category: unknown category "nope"',
    );
  });

  it('always returns a plan that passes the independent checker, with finite numbers', async () => {
    const product = fc.record({
      unitCost: fc.double({ min: 0.5, max: 50, noNaN: true }),
      markup: fc.double({ min: 1.05, max: 3, noNaN: true }),
      holdingCostPerCycle: fc.double({ min: 0, max: 5, noNaN: true }),
      weeklyDemandMean: fc.double({ min: 0, max: 40, noNaN: true }),
      weeklyDemandSd: fc.double({ min: 0, max: 20, noNaN: true }),
      onHand: fc.integer({ min: 0, max: 60 }),
      casePack: fc.integer({ min: 1, max: 12 }),
      category: fc.constantFrom('a', 'b'),
      supplier: fc.constantFrom('s', 't'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(product, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        async (products, integerCasePacks, budget) => {
          const problem = inventoryOrderProblemSchema.parse({
            integerCasePacks,
            budget,
            storageFree: 150,
            categories: [
              { id: 'a', maxSpend: 500 },
              { id: 'b', maxSpend: 800 },
            ],
            suppliers: [
              { id: 's', fixedOrderCost: 20, minOrderValue: 100 },
              { id: 't', fixedOrderCost: 5, minOrderValue: 0 },
            ],
            products: products.map(({ markup, ...rest }, index) => ({
              ...rest,
              id: `p${index}`,
              price: rest.unitCost * markup,
              leadTimeWeeks: 1,
              reviewWeeks: 1,
              unitVolume: 1,
            })),
          });
          const plan = await optimizeInventoryOrders(problem, { shadowPrices: index(products.length) });
          const quantities = problem.products.map((_, position) => plan.products[position]?.quantity ?? 0);
          expect(checkOrderPlan(problem, quantities)).toEqual([]);
          for (const value of [plan.expectedProfit, plan.exactExpectedProfit, plan.spend]) {
            expect(Number.isFinite(value)).toBe(true);
          }
          expect(plan.expectedProfitGain).toBeGreaterThanOrEqual(-1e-9);
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** Shadow prices on every other run keep the property fast while still exercising them. */
function index(count: number): boolean {
  return count % 2 === 0;
}
