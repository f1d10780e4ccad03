import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/**
 * Cash conversion cycle (days) = days inventory outstanding + days sales outstanding − days payables
 * outstanding, each from the period's average balance: inventory and payables over COGS, receivables over
 * revenue, times the days in the period (the corporate-finance textbook form).
 */
export const cashConversionCycleKpi: KpiDefinition = {
  id: 'cash_conversion_cycle',
  name: 'Cash conversion cycle',
  description:
    'Days between paying suppliers and collecting from customers: average inventory / COGS + average receivables / revenue - average payables / COGS, each x days in the period.',
  formula:
    'mean(inventory_value) / cogs * period_days + mean(accounts_receivable) / revenue * period_days - mean(accounts_payable) / cogs * period_days',
  unit: 'days',
  direction: 'lower_is_better',
  metrics: [m.inventoryValue, m.cogs, m.accountsReceivable, m.revenue, m.accountsPayable],
  tags: ['finance'],
};
