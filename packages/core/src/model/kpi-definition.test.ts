import { describe, expect, it } from 'vitest';
import { caught } from '../errors/__fixtures__/caught.js';
import { cogs, orders, revenue } from './__fixtures__/metrics.js';
import { compileKpi, type KpiDefinitionInput } from './kpi-definition.js';
import { formatUnit } from './unit.js';

const grossMargin: KpiDefinitionInput = {
  id: 'gross_margin_pct',
  name: 'Gross margin %',
  description: 'Gross margin in percent of revenue',
  formula: '(revenue - cogs) / revenue * 100',
  unit: 'percent',
  direction: 'higher_is_better',
  metrics: [revenue, cogs],
};

describe('compileKpi', () => {
  it('infers the unit of the formula', () => {
    const compiled = compileKpi({
      ...grossMargin,
      id: 'average_order_value',
      formula: 'sum(revenue) / sum(orders)',
      unit: 'currency/count:orders',
      metrics: [revenue, orders],
    });
    expect(formatUnit(compiled.inferredUnit)).toBe('currency/count:orders');
    expect(compiled.formula.metrics).toEqual(['revenue', 'orders']);
  });

  it('accepts a dimensionless formula for a percent KPI', () => {
    expect(formatUnit(compileKpi(grossMargin).inferredUnit)).toBe('ratio');
  });

  it('rejects a formula whose unit differs from the declared one, naming both', () => {
    const error = caught(() =>
      compileKpi({ ...grossMargin, formula: 'revenue / orders', metrics: [revenue, orders] }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'gross_margin_pct: formula gives currency/count:orders but the KPI declares percent',
    );
  });

  it('rejects adding unlike units, pointing at the operation', () => {
    const error = caught(() =>
      compileKpi({
        ...grossMargin,
        formula: '(revenue - orders) / revenue * 100',
        metrics: [revenue, orders],
      }),
    );
    expect(error.message).toBe(
      'gross_margin_pct: formula subtracts currency and count:orders in "(revenue - orders)" at column 1: Cannot add or subtract currency and count:orders: both sides must have the same unit',
    );
    expect(error.issues[0]?.column).toBe(1);
  });

  it('rejects mixing metrics in USD and EUR', () => {
    const error = caught(() =>
      compileKpi({
        ...grossMargin,
        metrics: [
          { ...revenue, currency: 'USD' },
          { ...cogs, currency: 'EUR' },
        ],
      }),
    );
    expect(error.message).toContain('Cannot add amounts in different currencies (EUR and USD)');
  });

  it('rejects a metric the formula uses but the KPI does not declare', () => {
    expect(caught(() => compileKpi({ ...grossMargin, metrics: [revenue] })).message).toBe(
      'gross_margin_pct: formula uses "cogs" at column 12 but the KPI declares no such metric (declared: revenue)',
    );
  });

  it('rejects a declared metric the formula does not use', () => {
    expect(caught(() => compileKpi({ ...grossMargin, metrics: [revenue, cogs, orders] })).message).toBe(
      'gross_margin_pct: declares metric "orders" but the formula does not use it',
    );
  });

  it('prefixes formula syntax errors with the KPI id and keeps the column', () => {
    const error = caught(() => compileKpi({ ...grossMargin, formula: '(revenue - cogs / revenue' }));
    expect(error.message).toMatch(/^gross_margin_pct: Invalid KPI formula at column 26/);
    expect(error.issues[0]?.column).toBe(26);
  });

  it('gives period_days the unit days and forbids aggregating it', () => {
    const days = compileKpi({
      ...grossMargin,
      id: 'days_of_cost',
      formula: 'revenue / cogs * period_days',
      unit: 'days',
    });
    expect(formatUnit(days.inferredUnit)).toBe('days');
    expect(
      caught(() => compileKpi({ ...grossMargin, formula: 'revenue / cogs * sum(period_days)' })).message,
    ).toContain('period_days is the length of the period and takes no aggregation');
  });

  it('counts observations with count()', () => {
    const compiled = compileKpi({
      ...grossMargin,
      id: 'revenue_per_day_with_sales',
      formula: 'revenue / count(revenue)',
      unit: 'currency/count:observations',
      metrics: [revenue],
    });
    expect(formatUnit(compiled.inferredUnit)).toBe('currency/count:observations');
  });

  it('checks a pinned KPI currency against the metrics', () => {
    const usdRevenue = { ...revenue, currency: 'USD' };
    const kpi = {
      ...grossMargin,
      id: 'revenue_kpi',
      formula: 'revenue',
      unit: 'currency',
      metrics: [usdRevenue],
    };
    expect(formatUnit(compileKpi({ ...kpi, currency: 'USD' }).declaredUnit)).toBe('currency:USD');
    expect(caught(() => compileKpi({ ...kpi, currency: 'EUR' })).message).toBe(
      'revenue_kpi: formula gives currency:USD but the KPI declares currency:EUR',
    );
  });

  it('rejects duplicate metric ids and the reserved period_days id', () => {
    expect(
      caught(() => compileKpi({ ...grossMargin, metrics: [revenue, cogs, revenue] })).issues[0],
    ).toMatchObject({
      path: ['metrics', 2, 'id'],
      message: 'duplicates metric id "revenue"',
    });
    expect(
      caught(() => compileKpi({ ...grossMargin, metrics: [revenue, { ...cogs, id: 'period_days' }] }))
        .issues[0]?.message,
    ).toBe('"period_days" is reserved for the number of days in the period');
  });

  it('rejects a malformed definition with zod issues', () => {
    const error = caught(() => compileKpi({ ...grossMargin, direction: 'up' } as never));
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['direction']);
  });
});
