import { describe, expect, it } from 'vitest';
import { evaluateKpi } from '../model/kpi-evaluate.js';
import { computeKpiSeries } from '../model/kpi-series.js';
import {
  averageOrderValueKpi,
  conversionRateKpi,
  grossMarginPctKpi,
  ordersKpi,
  revenueKpi,
} from './sales-kpis.js';

const day = (date: string): number => Date.parse(`${date}T12:00:00Z`);

describe('revenue', () => {
  it('sums daily revenue over the month (hand-computed: 120.50 + 80.00 + 99.50 = 300)', () => {
    const timestamps = [day('2024-04-01'), day('2024-04-02'), day('2024-04-03')];
    const result = computeKpiSeries(
      revenueKpi,
      { revenue: { id: 'revenue', timestamps, values: [120.5, 80, 99.5] } },
      { grain: 'month' },
    );
    expect(result.values).toEqual([300]);
    expect(result.unit).toBe('currency');
  });
});

describe('orders', () => {
  it('sums daily orders over the week (hand-computed: 31 + 27 + 42 = 100)', () => {
    const timestamps = [day('2024-04-01'), day('2024-04-02'), day('2024-04-03')];
    const result = computeKpiSeries(
      ordersKpi,
      { orders: { id: 'orders', timestamps, values: [31, 27, 42] } },
      { grain: 'week' },
    );
    expect(result.values).toEqual([100]);
  });
});

describe('average_order_value', () => {
  it('is revenue over orders (hand-computed: 12 500 / 250 = 50 per order)', () => {
    expect(evaluateKpi(averageOrderValueKpi, { revenue: 12_500, orders: 250 }).value).toBe(50);
  });

  it('weights busy days by their orders (hand-computed: (900 + 100) / (10 + 1) = 90.91, not (90 + 100) / 2 = 95)', () => {
    const timestamps = [day('2024-04-01'), day('2024-04-02')];
    const result = computeKpiSeries(
      averageOrderValueKpi,
      {
        revenue: { id: 'revenue', timestamps, values: [900, 100] },
        orders: { id: 'orders', timestamps, values: [10, 1] },
      },
      { grain: 'month' },
    );
    expect(result.values[0]).toBeCloseTo(90.909_090_909, 9);
  });
});

describe('gross_margin_pct', () => {
  it('is (revenue − COGS) / revenue × 100 (hand-computed: (250 000 − 162 500) / 250 000 = 35 %)', () => {
    expect(evaluateKpi(grossMarginPctKpi, { revenue: 250_000, cogs: 162_500 }).value).toBe(35);
  });

  it('is negative when goods sell below cost (hand-computed: (800 − 1 000) / 800 = −25 %)', () => {
    expect(evaluateKpi(grossMarginPctKpi, { revenue: 800, cogs: 1_000 }).value).toBe(-25);
  });
});

describe('conversion_rate', () => {
  it('is orders / visits × 100 (hand-computed: 50 orders from 2 000 visits = 2.5 %)', () => {
    expect(evaluateKpi(conversionRateKpi, { orders: 50, visits: 2_000 }).value).toBe(2.5);
  });

  it('has no value for a period without visits', () => {
    expect(evaluateKpi(conversionRateKpi, { orders: 0, visits: 0 }).reason?.code).toBe('division_by_zero');
  });
});
