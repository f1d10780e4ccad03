import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/** Total revenue in the period (currency). */
export const revenueKpi: KpiDefinition = {
  id: 'revenue',
  name: 'Revenue',
  description: 'Net sales in the period.',
  formula: 'revenue',
  unit: 'currency',
  direction: 'higher_is_better',
  metrics: [m.revenue],
  tags: ['sales'],
};

/** Number of orders in the period (count of orders). */
export const ordersKpi: KpiDefinition = {
  id: 'orders',
  name: 'Orders',
  description: 'Number of customer orders in the period.',
  formula: 'orders',
  unit: 'count:orders',
  direction: 'higher_is_better',
  metrics: [m.orders],
  tags: ['sales'],
};

/**
 * Average order value (currency per order): the period's revenue over the period's orders, not the mean of
 * daily averages.
 */
export const averageOrderValueKpi: KpiDefinition = {
  id: 'average_order_value',
  name: 'Average order value',
  description: "Revenue per order: the period's total revenue divided by its total number of orders.",
  formula: 'sum(revenue) / sum(orders)',
  unit: 'currency/count:orders',
  direction: 'higher_is_better',
  metrics: [m.revenue, m.orders],
  tags: ['sales'],
};

/** Gross margin in percent of revenue: (revenue − COGS) / revenue × 100. */
export const grossMarginPctKpi: KpiDefinition = {
  id: 'gross_margin_pct',
  name: 'Gross margin %',
  description: 'Share of revenue left after the cost of the goods sold: (revenue - COGS) / revenue x 100.',
  formula: '(revenue - cogs) / revenue * 100',
  unit: 'percent',
  direction: 'higher_is_better',
  metrics: [m.revenue, m.cogs],
  tags: ['sales', 'finance'],
};

/** Conversion rate in percent: orders / visits × 100. */
export const conversionRateKpi: KpiDefinition = {
  id: 'conversion_rate',
  name: 'Conversion rate',
  description: 'Share of visits (store visits or web sessions) that end in an order: orders / visits x 100.',
  formula: 'orders / visits * 100',
  unit: 'percent',
  direction: 'higher_is_better',
  metrics: [m.orders, m.visits],
  tags: ['sales'],
};
