import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/** Inventory turnover (times per period, a ratio): COGS / average inventory value. */
export const inventoryTurnoverKpi: KpiDefinition = {
  id: 'inventory_turnover',
  name: 'Inventory turnover',
  description:
    "How many times the average stock was sold through in the period: COGS / average inventory value (at cost). Per-period figure: a month's turnover is about a twelfth of the annual one.",
  formula: 'cogs / mean(inventory_value)',
  unit: 'ratio',
  direction: 'higher_is_better',
  metrics: [m.cogs, m.inventoryValue],
  tags: ['inventory'],
};

/** Days of inventory on hand (days): average inventory / COGS × days in the period. */
export const daysInventoryOnHandKpi: KpiDefinition = {
  id: 'days_inventory_on_hand',
  name: 'Days of inventory on hand',
  description:
    'Days the average stock lasts at the period’s rate of cost of sales (days inventory outstanding): average inventory value / COGS x days in the period.',
  formula: 'mean(inventory_value) / cogs * period_days',
  unit: 'days',
  direction: 'lower_is_better',
  metrics: [m.inventoryValue, m.cogs],
  tags: ['inventory', 'finance'],
};

/** Stockout rate in percent: out-of-stock SKU-days / tracked SKU-days × 100. */
export const stockoutRateKpi: KpiDefinition = {
  id: 'stockout_rate',
  name: 'Stockout rate',
  description:
    'Share of product-days with no sellable stock: out-of-stock SKU-days / tracked SKU-days x 100.',
  formula: 'out_of_stock_sku_days / tracked_sku_days * 100',
  unit: 'percent',
  direction: 'lower_is_better',
  metrics: [m.outOfStockSkuDays, m.trackedSkuDays],
  tags: ['inventory'],
};
