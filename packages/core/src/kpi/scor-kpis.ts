import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/** SCOR RL.1.1 Perfect order fulfillment (percent): perfect orders / delivered orders × 100. */
export const perfectOrderFulfillmentKpi: KpiDefinition = {
  id: 'perfect_order_fulfillment',
  name: 'Perfect order fulfillment',
  description:
    'SCOR RL.1.1: share of delivered orders that were perfect (complete, on time, undamaged, accurate documentation): perfect orders / delivered orders x 100.',
  formula: 'perfect_orders / delivered_orders * 100',
  unit: 'percent',
  direction: 'higher_is_better',
  metrics: [m.perfectOrders, m.deliveredOrders],
  tags: ['supply_chain', 'scor'],
};

/** SCOR RS.1.1 Order fulfillment cycle time (days per order): sum of cycle times / delivered orders. */
export const orderFulfillmentCycleTimeKpi: KpiDefinition = {
  id: 'order_fulfillment_cycle_time',
  name: 'Order fulfillment cycle time',
  description:
    'SCOR RS.1.1: average days from customer order authorisation to customer receipt: sum of the cycle times of delivered orders / delivered orders.',
  formula: 'order_cycle_days / delivered_orders',
  unit: 'days/count:orders',
  direction: 'lower_is_better',
  metrics: [m.orderCycleDays, m.deliveredOrders],
  tags: ['supply_chain', 'scor'],
};

/** SCOR inventory days of supply (days): inventory value / (COGS / days in the period). */
export const inventoryDaysOfSupplyKpi: KpiDefinition = {
  id: 'inventory_days_of_supply',
  name: 'Inventory days of supply',
  description:
    'SCOR: days the stock on hand at the end of the period would last at the period’s rate of cost of sales: inventory value / (COGS / days in the period).',
  formula: 'inventory_value / (cogs / period_days)',
  unit: 'days',
  direction: 'lower_is_better',
  metrics: [m.inventoryValue, m.cogs],
  tags: ['supply_chain', 'scor', 'inventory'],
};

/**
 * SCOR AM.1.1 Cash-to-cash cycle time (days) = inventory days of supply + days sales outstanding − days
 * payables outstanding, from closing balances; payables are over material purchases, not COGS.
 */
export const cashToCashCycleTimeKpi: KpiDefinition = {
  id: 'cash_to_cash_cycle_time',
  name: 'Cash-to-cash cycle time',
  description:
    'SCOR AM.1.1: days of working capital tied up in the supply chain: inventory / (COGS / days) + receivables / (revenue / days) - payables / (material purchases / days), from closing balances.',
  formula:
    'inventory_value / (cogs / period_days) + accounts_receivable / (revenue / period_days) - accounts_payable / (purchases / period_days)',
  unit: 'days',
  direction: 'lower_is_better',
  metrics: [m.inventoryValue, m.cogs, m.accountsReceivable, m.revenue, m.accountsPayable, m.purchases],
  tags: ['supply_chain', 'scor', 'finance'],
};
