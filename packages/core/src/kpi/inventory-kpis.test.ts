import { describe, expect, it } from 'vitest';
import type { KpiDefinition } from '../model/kpi-definition.js';
import { evaluateKpi } from '../model/kpi-evaluate.js';
import { computeKpiSeries, type KpiSeries } from '../model/kpi-series.js';
import { daysInventoryOnHandKpi, inventoryTurnoverKpi, stockoutRateKpi } from './inventory-kpis.js';

// Source: Ross, Westerfield & Jordan, "Fundamentals of Corporate Finance", chapter 18 "Short-Term Finance and
// Planning", Chapter Review and Self-Test Problem 18.1 ("The Operating and Cash Cycles"): inventory 1,273
// at the start of the year and 1,401 at the end, cost of goods sold 11,375. The solution uses average
// balances: inventory turnover = 11,375 / 1,337 = 8.51 times, inventory period = 365 / 8.51 = 42.89 days
// (the book rounds the turnover first; unrounded it is 42.90 days).
const rwj = { inventoryStart: 1_273, inventoryEnd: 1_401, cogs: 11_375 };
const yearStart = Date.parse('2023-01-01T00:00:00Z');
const yearEnd = Date.parse('2023-12-31T23:00:00Z');

/** The KPI for 2023 from the textbook's opening and closing inventory and the year's COGS. */
function textbookYear(kpi: KpiDefinition): KpiSeries {
  return computeKpiSeries(
    kpi,
    {
      cogs: { id: 'cogs', timestamps: [yearEnd], values: [rwj.cogs] },
      inventory_value: {
        id: 'inventory',
        timestamps: [yearStart, yearEnd],
        values: [rwj.inventoryStart, rwj.inventoryEnd],
      },
    },
    { grain: 'year' },
  );
}

describe('inventory_turnover', () => {
  it('reproduces the textbook turnover of 8.51 times from average inventory', () => {
    const result = evaluateKpi(inventoryTurnoverKpi, {
      cogs: rwj.cogs,
      inventory_value: { mean: (rwj.inventoryStart + rwj.inventoryEnd) / 2 },
    });
    expect(result.value).toBeCloseTo(11_375 / 1_337, 12);
    expect(Number(result.value?.toFixed(2))).toBe(8.51);
  });

  it('averages the opening and closing balances of a yearly series', () => {
    const result = textbookYear(inventoryTurnoverKpi);
    expect(result.values[0]).toBeCloseTo(8.507_853_4, 6);
  });
});

describe('days_inventory_on_hand', () => {
  it('reproduces the textbook inventory period of about 42.9 days', () => {
    const result = textbookYear(daysInventoryOnHandKpi);
    // 1,337 / 11,375 × 365 days (2023 is not a leap year) = 42.9015...
    expect(result.values[0]).toBeCloseTo((1_337 / 11_375) * 365, 10);
    expect(result.values[0]).toBeCloseTo(42.9, 1);
  });
});

describe('stockout_rate', () => {
  it('is out-of-stock SKU-days over tracked SKU-days (hand-computed: 40 SKUs × 30 days = 1 200; 54 / 1 200 = 4.5 %)', () => {
    expect(evaluateKpi(stockoutRateKpi, { out_of_stock_sku_days: 54, tracked_sku_days: 1_200 }).value).toBe(
      4.5,
    );
  });
});
