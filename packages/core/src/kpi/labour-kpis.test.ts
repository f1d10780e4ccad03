import { describe, expect, it } from 'vitest';
import { evaluateKpi } from '../model/kpi-evaluate.js';
import { labourCostPctKpi, revenuePerLabourHourKpi } from './labour-kpis.js';

describe('labour_cost_pct', () => {
  it('is labour cost / revenue × 100 (hand-computed: 8 400 / 30 000 = 28 %)', () => {
    expect(evaluateKpi(labourCostPctKpi, { labour_cost: 8_400, revenue: 30_000 }).value).toBeCloseTo(28, 12);
  });
});

describe('revenue_per_labour_hour', () => {
  it('is revenue / hours worked (hand-computed: 30 000 / 750 h = 40 per hour)', () => {
    const result = evaluateKpi(revenuePerLabourHourKpi, { revenue: 30_000, labour_hours: 750 });
    expect(result).toMatchObject({ value: 40, unit: 'currency/hours' });
  });
});
