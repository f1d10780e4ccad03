/**
 * Shared test fixtures for the model's unit tests: a small retail business's metrics (revenue, orders, cost of
 * goods sold, inventory value) and two KPIs built on them (average order value, days of inventory on hand).
 * Written by hand for these tests; the values are illustrative, not taken from any data set.
 */
import type { KpiDefinitionInput } from '../kpi-definition.js';
import type { MetricDefinitionInput } from '../metric.js';

/** Net sales, a money flow in the reporting currency. */
export const revenue: MetricDefinitionInput = {
  id: 'revenue',
  name: 'Revenue',
  description: 'Net sales',
  unit: 'currency',
  aggregation: 'sum',
  direction: 'higher_is_better',
};

/** Orders placed, a count. */
export const orders: MetricDefinitionInput = {
  ...revenue,
  id: 'orders',
  name: 'Orders',
  description: 'Orders placed',
  unit: 'count:orders',
};

/** Cost of goods sold, money where lower is better. */
export const cogs: MetricDefinitionInput = { ...revenue, id: 'cogs', name: 'COGS', direction: 'lower_is_better' };

/** Inventory value, a money stock read at the end of a period. */
export const inventory: MetricDefinitionInput = {
  ...revenue,
  id: 'inventory_value',
  name: 'Inventory',
  aggregation: 'last',
  direction: 'neutral',
};

/** Average order value: revenue per order. */
export const averageOrderValue: KpiDefinitionInput = {
  id: 'average_order_value',
  name: 'AOV',
  description: 'Revenue per order',
  formula: 'revenue / orders',
  unit: 'currency/count:orders',
  direction: 'higher_is_better',
  metrics: [revenue, orders],
};

/** Days of inventory on hand: mean inventory over COGS per day of the period. */
export const daysInventoryOnHand: KpiDefinitionInput = {
  id: 'days_inventory_on_hand',
  name: 'DIO',
  description: 'Average inventory over daily COGS',
  formula: 'mean(inventory_value) / cogs * period_days',
  unit: 'days',
  direction: 'lower_is_better',
  metrics: [inventory, cogs],
};
