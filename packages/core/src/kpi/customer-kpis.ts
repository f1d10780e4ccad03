import type { KpiDefinition } from '../model/kpi-definition.js';
import { libraryMetrics as m } from './library-metrics.js';

/** Customer acquisition cost (currency per new customer): marketing spend / new customers. */
export const customerAcquisitionCostKpi: KpiDefinition = {
  id: 'customer_acquisition_cost',
  name: 'Customer acquisition cost',
  description: 'What each new customer cost to win: marketing spend / new customers in the period.',
  formula: 'marketing_spend / new_customers',
  unit: 'currency/count:customers',
  direction: 'lower_is_better',
  metrics: [m.marketingSpend, m.newCustomers],
  tags: ['customers'],
};

/** Churn rate in percent: customers lost in the period / active customers at its start × 100. */
export const churnRateKpi: KpiDefinition = {
  id: 'churn_rate',
  name: 'Churn rate',
  description:
    'Share of the customers active at the start of the period that were lost during it: lost customers / active customers at the start x 100.',
  formula: 'lost_customers / first(active_customers) * 100',
  unit: 'percent',
  direction: 'lower_is_better',
  metrics: [m.lostCustomers, m.activeCustomers],
  tags: ['customers'],
};
