import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/** Labour cost as a percentage of revenue: labour cost / revenue × 100. */
export const labourCostPctKpi: KpiDefinition = {
  id: 'labour_cost_pct',
  name: 'Labour cost % of revenue',
  description: 'Share of revenue spent on staff: labour cost / revenue x 100.',
  formula: 'labour_cost / revenue * 100',
  unit: 'percent',
  direction: 'lower_is_better',
  metrics: [m.labourCost, m.revenue],
  tags: ['labour'],
};

/** Revenue per labour hour (currency per hour): revenue / hours worked. */
export const revenuePerLabourHourKpi: KpiDefinition = {
  id: 'revenue_per_labour_hour',
  name: 'Revenue per labour hour',
  description: "Sales productivity of staff time: the period's revenue / the period's hours worked.",
  formula: 'revenue / labour_hours',
  unit: 'currency/hours',
  direction: 'higher_is_better',
  metrics: [m.revenue, m.labourHours],
  tags: ['labour'],
};
