import type { MetricDefinition } from '../model/metric.js';

function metric(definition: MetricDefinition): MetricDefinition {
  if (definition.tags !== undefined) Object.freeze(definition.tags);
  return Object.freeze(definition);
}

/**
 * The metrics the built-in KPIs are computed from. Money metrics are in the reporting currency (no ISO
 * code), flows are summed over a period, and balances (inventory, receivables, payables, active customers)
 * keep their closing value (`last`) unless a formula asks for another aggregation such as `mean`.
 */
export const libraryMetrics = Object.freeze({
  revenue: metric({
    id: 'revenue',
    name: 'Revenue',
    description: 'Net sales: what customers paid, after discounts and refunds, before costs.',
    unit: 'currency',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['sales'],
  }),
  orders: metric({
    id: 'orders',
    name: 'Orders',
    description: 'Number of customer orders (transactions, tickets) placed.',
    unit: 'count:orders',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['sales'],
  }),
  visits: metric({
    id: 'visits',
    name: 'Visits',
    description: 'Store visits or website sessions: the opportunities to sell.',
    unit: 'count:visits',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['sales'],
  }),
  cogs: metric({
    id: 'cogs',
    name: 'Cost of goods sold',
    description: 'Cost of the goods sold in the period (purchase or production cost of what was sold).',
    unit: 'currency',
    aggregation: 'sum',
    direction: 'lower_is_better',
    tags: ['finance'],
  }),
  inventoryValue: metric({
    id: 'inventory_value',
    name: 'Inventory value',
    description: 'Value of the stock on hand at cost. A balance: a period keeps its closing value.',
    unit: 'currency',
    aggregation: 'last',
    direction: 'neutral',
    tags: ['inventory'],
  }),
  outOfStockSkuDays: metric({
    id: 'out_of_stock_sku_days',
    name: 'Out-of-stock SKU-days',
    description:
      'For each day, the number of tracked products (SKUs) with no sellable stock, summed over days.',
    unit: 'count:sku_days',
    aggregation: 'sum',
    direction: 'lower_is_better',
    tags: ['inventory'],
  }),
  trackedSkuDays: metric({
    id: 'tracked_sku_days',
    name: 'Tracked SKU-days',
    description: 'For each day, the number of products (SKUs) whose stock is tracked, summed over days.',
    unit: 'count:sku_days',
    aggregation: 'sum',
    direction: 'neutral',
    tags: ['inventory'],
  }),
  labourCost: metric({
    id: 'labour_cost',
    name: 'Labour cost',
    description: 'Wages, employer taxes and benefits paid for the period.',
    unit: 'currency',
    aggregation: 'sum',
    direction: 'lower_is_better',
    tags: ['labour'],
  }),
  labourHours: metric({
    id: 'labour_hours',
    name: 'Labour hours',
    description: 'Hours worked by staff in the period.',
    unit: 'hours',
    aggregation: 'sum',
    direction: 'neutral',
    tags: ['labour'],
  }),
  marketingSpend: metric({
    id: 'marketing_spend',
    name: 'Marketing spend',
    description: 'Sales and marketing spend aimed at winning new customers.',
    unit: 'currency',
    aggregation: 'sum',
    direction: 'neutral',
    tags: ['customers'],
  }),
  newCustomers: metric({
    id: 'new_customers',
    name: 'New customers',
    description: 'Customers who bought for the first time in the period.',
    unit: 'count:customers',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['customers'],
  }),
  lostCustomers: metric({
    id: 'lost_customers',
    name: 'Lost customers',
    description: 'Customers who cancelled or lapsed in the period.',
    unit: 'count:customers',
    aggregation: 'sum',
    direction: 'lower_is_better',
    tags: ['customers'],
  }),
  activeCustomers: metric({
    id: 'active_customers',
    name: 'Active customers',
    description:
      'Customers with an active subscription or relationship. A balance: a period keeps its closing value.',
    unit: 'count:customers',
    aggregation: 'last',
    direction: 'higher_is_better',
    tags: ['customers'],
  }),
  accountsReceivable: metric({
    id: 'accounts_receivable',
    name: 'Accounts receivable',
    description: 'Money customers owe for sales on credit. A balance: a period keeps its closing value.',
    unit: 'currency',
    aggregation: 'last',
    direction: 'lower_is_better',
    tags: ['finance'],
  }),
  accountsPayable: metric({
    id: 'accounts_payable',
    name: 'Accounts payable',
    description: 'Money owed to suppliers. A balance: a period keeps its closing value.',
    unit: 'currency',
    aggregation: 'last',
    direction: 'neutral',
    tags: ['finance'],
  }),
  purchases: metric({
    id: 'purchases',
    name: 'Material purchases',
    description: 'Cost of materials and goods bought from suppliers in the period.',
    unit: 'currency',
    aggregation: 'sum',
    direction: 'neutral',
    tags: ['finance', 'supply_chain'],
  }),
  deliveredOrders: metric({
    id: 'delivered_orders',
    name: 'Delivered orders',
    description: 'Customer orders delivered (received by the customer) in the period.',
    unit: 'count:orders',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['supply_chain'],
  }),
  perfectOrders: metric({
    id: 'perfect_orders',
    name: 'Perfect orders',
    description:
      'Delivered orders that were complete, on time to the customer commit date, in perfect condition and with accurate documentation.',
    unit: 'count:orders',
    aggregation: 'sum',
    direction: 'higher_is_better',
    tags: ['supply_chain'],
  }),
  orderCycleDays: metric({
    id: 'order_cycle_days',
    name: 'Order cycle days',
    description:
      'For the orders delivered in the period, the sum of their cycle times in days, from customer order authorisation to customer receipt.',
    unit: 'days',
    aggregation: 'sum',
    direction: 'lower_is_better',
    tags: ['supply_chain'],
  }),
} as const);
