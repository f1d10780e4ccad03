import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../errors/__fixtures__/caught.js';
import { DyocenseError } from '../errors/index.js';
import {
  averageOrderValue as aov,
  cogs,
  daysInventoryOnHand as daysOnHand,
  orders,
  revenue,
} from './__fixtures__/metrics.js';
import { evaluateKpi } from './kpi-evaluate.js';

describe('evaluateKpi', () => {
  it('divides the period aggregates', () => {
    expect(evaluateKpi(aov, { revenue: 12_500, orders: 250 })).toEqual({
      kpi: 'average_order_value',
      unit: 'currency/count:orders',
      value: 50,
      reason: null,
    });
  });

  it('reports the currency of money KPIs whose metrics name one', () => {
    const usd = { ...aov, metrics: [{ ...revenue, currency: 'USD' }, orders] };
    expect(evaluateKpi(usd, { revenue: 100, orders: 4 })).toMatchObject({ value: 25, currency: 'USD' });
  });

  it('returns null with a reason instead of dividing by zero', () => {
    expect(evaluateKpi(aov, { revenue: 0, orders: 0 })).toEqual({
      kpi: 'average_order_value',
      unit: 'currency/count:orders',
      value: null,
      reason: {
        code: 'division_by_zero',
        message: 'average_order_value: the divisor "orders" (column 11) is 0 for this period',
      },
    });
  });

  it('returns null with an overflow reason instead of Infinity', () => {
    const product = { ...aov, formula: 'revenue / orders * 1e308 * 1e10' };
    expect(evaluateKpi(product, { revenue: 10, orders: 1 })).toMatchObject({
      value: null,
      reason: { code: 'overflow' },
    });
  });

  it('takes an object of aggregations when the formula asks for a non-declared one', () => {
    const result = evaluateKpi(daysOnHand, {
      inventory_value: { mean: 2_500 },
      cogs: 8_200,
      period_days: 365,
    });
    expect(result.value).toBeCloseTo((2_500 / 8_200) * 365, 12);
  });

  it('refuses a bare number for a non-declared aggregation', () => {
    expect(
      caught(() => evaluateKpi(daysOnHand, { inventory_value: 2_500, cogs: 8_200, period_days: 365 }))
        .message,
    ).toBe(
      'days_inventory_on_hand: inputs.inventory_value is a number, which stands for its declared aggregation (last), but the formula asks for mean(inventory_value); pass { mean: value }',
    );
  });

  it('names a missing input and the aggregation it needs', () => {
    expect(
      caught(() => evaluateKpi(daysOnHand, { inventory_value: { last: 1 }, cogs: 1, period_days: 30 }))
        .message,
    ).toBe(
      'days_inventory_on_hand: needs inputs.inventory_value.mean: the mean of inventory_value over the period',
    );
    expect(caught(() => evaluateKpi(aov, { revenue: 1 })).issues[0]?.path).toEqual(['orders']);
  });

  it('requires a positive period_days when the formula uses it', () => {
    expect(caught(() => evaluateKpi(daysOnHand, { inventory_value: { mean: 1 }, cogs: 1 })).message).toBe(
      'days_inventory_on_hand: inputs.period_days must be the number of days in the period (a positive number)',
    );
  });

  it('rejects non-finite inputs', () => {
    expect(caught(() => evaluateKpi(aov, { revenue: Number.NaN, orders: 1 })).code).toBe('invalid_input');
    expect(caught(() => evaluateKpi(aov, { revenue: Number.POSITIVE_INFINITY, orders: 1 })).code).toBe(
      'invalid_input',
    );
  });

  it('rejects inputs that are not an object', () => {
    expect(caught(() => evaluateKpi(aov, null as never)).code).toBe('invalid_input');
  });

  it('never returns NaN or Infinity for any finite inputs', () => {
    const formulas = [
      'revenue / orders',
      '(revenue - cogs) / revenue * 100',
      'revenue * revenue / (orders * orders) * 1e300',
      '-(revenue / cogs) / (cogs - revenue)',
    ];
    const definitions = formulas.map((formula, index) => ({
      ...aov,
      id: `kpi_${index}`,
      formula,
      unit: ['currency/count:orders', 'ratio', 'currency^2/count:orders^2', '1/currency'][index] ?? 'ratio',
      metrics: formula.includes('cogs') ? [revenue, cogs] : [revenue, orders],
    }));
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.constantFrom(...definitions), finite, finite, finite, (kpi, a, b, c) => {
        const result = evaluateKpi(kpi, { revenue: a, orders: b, cogs: c });
        if (result.value === null) expect(['division_by_zero', 'overflow']).toContain(result.reason.code);
        else expect(Number.isFinite(result.value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a value or a DyocenseError for arbitrary formulas and inputs', () => {
    const token = fc.constantFrom(
      'revenue',
      'orders',
      '2',
      '0',
      '1e300',
      '+',
      '-',
      '*',
      '/',
      '(',
      ')',
      'sum(orders)',
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 15 }), fc.double(), (tokens, value) => {
        const formula = tokens.join(' ');
        try {
          const result = evaluateKpi({ ...aov, formula, unit: 'ratio' }, { revenue: value, orders: value });
          expect(result.value === null || Number.isFinite(result.value)).toBe(true);
        } catch (error) {
          expect(DyocenseError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
