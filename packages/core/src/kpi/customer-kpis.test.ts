import { describe, expect, it } from 'vitest';
import { evaluateKpi } from '../model/kpi-evaluate.js';
import { computeKpiSeries } from '../model/kpi-series.js';
import { churnRateKpi, customerAcquisitionCostKpi } from './customer-kpis.js';

describe('customer_acquisition_cost', () => {
  it('is marketing spend / new customers (hand-computed: 2 400 / 60 = 40 per customer)', () => {
    expect(evaluateKpi(customerAcquisitionCostKpi, { marketing_spend: 2_400, new_customers: 60 }).value).toBe(
      40,
    );
  });
});

describe('churn_rate', () => {
  it('divides the customers lost by those active at the start of the period (hand-computed: (5 + 6 + 7) / 400 = 4.5 %)', () => {
    const timestamps = ['2024-06-01', '2024-06-02', '2024-06-03'].map((date) =>
      Date.parse(`${date}T18:00:00Z`),
    );
    const result = computeKpiSeries(
      churnRateKpi,
      {
        lost_customers: { id: 'lost', timestamps, values: [5, 6, 7] },
        active_customers: { id: 'active', timestamps, values: [400, 395, 390] },
      },
      { grain: 'month' },
    );
    expect(result.values).toEqual([4.5]);
  });
});
