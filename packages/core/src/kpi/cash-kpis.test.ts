import { describe, expect, it } from 'vitest';
import { evaluateKpi } from '../model/kpi-evaluate.js';
import { cashConversionCycleKpi } from './cash-kpis.js';

// Source: Ross, Westerfield & Jordan, "Fundamentals of Corporate Finance", chapter 18 "Short-Term Finance and
// Planning", Chapter Review and Self-Test Problem 18.1 ("The Operating and Cash Cycles"). Balances at the
// start and end of the year: inventory 1,273 and 1,401; accounts receivable 3,782 and 3,368; accounts payable
// 1,795 and 2,025. Credit sales 14,750; cost of goods sold 11,375. The solution, with average balances:
// inventory period 42.89 days, receivables period 88.38 days, payables period 61.24 days, cash cycle
// 131 − 61 = 70 days (the book rounds each turnover to two decimals first).
describe('cash_conversion_cycle', () => {
  const inputs = {
    inventory_value: { mean: (1_273 + 1_401) / 2 },
    accounts_receivable: { mean: (3_782 + 3_368) / 2 },
    accounts_payable: { mean: (1_795 + 2_025) / 2 },
    revenue: 14_750,
    cogs: 11_375,
    period_days: 365,
  };

  it('is days inventory + days receivables − days payables from average balances', () => {
    const inventoryDays = (1_337 / 11_375) * 365;
    const receivableDays = (3_575 / 14_750) * 365;
    const payableDays = (1_910 / 11_375) * 365;
    const result = evaluateKpi(cashConversionCycleKpi, inputs);
    expect(result.value).toBeCloseTo(inventoryDays + receivableDays - payableDays, 10);
    expect(result.unit).toBe('days');
  });

  it('matches the textbook cash cycle of 70 days', () => {
    expect(Math.round(evaluateKpi(cashConversionCycleKpi, inputs).value ?? Number.NaN)).toBe(70);
  });
});
