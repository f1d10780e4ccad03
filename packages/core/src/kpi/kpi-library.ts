import { DyocenseError } from '../errors/index.js';
import type { KpiDefinition } from '../model/kpi-definition.js';
import { cashConversionCycleKpi } from './cash-kpis.js';
import { churnRateKpi, customerAcquisitionCostKpi } from './customer-kpis.js';
import { daysInventoryOnHandKpi, inventoryTurnoverKpi, stockoutRateKpi } from './inventory-kpis.js';
import { labourCostPctKpi, revenuePerLabourHourKpi } from './labour-kpis.js';
import {
  averageOrderValueKpi,
  conversionRateKpi,
  grossMarginPctKpi,
  ordersKpi,
  revenueKpi,
} from './sales-kpis.js';
import {
  cashToCashCycleTimeKpi,
  inventoryDaysOfSupplyKpi,
  orderFulfillmentCycleTimeKpi,
  perfectOrderFulfillmentKpi,
} from './scor-kpis.js';

function freeze(definition: KpiDefinition): KpiDefinition {
  Object.freeze(definition.metrics);
  if (definition.tags !== undefined) Object.freeze(definition.tags);
  return Object.freeze(definition);
}

/**
 * The built-in KPIs by id: the ones a small business expects (sales, margin, inventory, labour, customers,
 * cash) and the SCOR level-1 supply-chain KPIs. Each is a {@link KpiDefinition} with its formula, unit,
 * direction and the metric definitions it reads. Frozen.
 */
export const kpiLibrary = Object.freeze({
  revenue: freeze(revenueKpi),
  orders: freeze(ordersKpi),
  average_order_value: freeze(averageOrderValueKpi),
  gross_margin_pct: freeze(grossMarginPctKpi),
  conversion_rate: freeze(conversionRateKpi),
  inventory_turnover: freeze(inventoryTurnoverKpi),
  days_inventory_on_hand: freeze(daysInventoryOnHandKpi),
  stockout_rate: freeze(stockoutRateKpi),
  labour_cost_pct: freeze(labourCostPctKpi),
  revenue_per_labour_hour: freeze(revenuePerLabourHourKpi),
  customer_acquisition_cost: freeze(customerAcquisitionCostKpi),
  churn_rate: freeze(churnRateKpi),
  cash_conversion_cycle: freeze(cashConversionCycleKpi),
  perfect_order_fulfillment: freeze(perfectOrderFulfillmentKpi),
  order_fulfillment_cycle_time: freeze(orderFulfillmentCycleTimeKpi),
  cash_to_cash_cycle_time: freeze(cashToCashCycleTimeKpi),
  inventory_days_of_supply: freeze(inventoryDaysOfSupplyKpi),
} as const);

/** Id of a built-in KPI. */
export type BuiltInKpiId = keyof typeof kpiLibrary;

/** The ids of the built-in KPIs, in library order. */
export const builtInKpiIds: readonly BuiltInKpiId[] = Object.freeze(
  Object.keys(kpiLibrary) as BuiltInKpiId[],
);

/**
 * The built-in KPI with this id.
 *
 * @throws DyocenseError `not_found` (listing the available ids) when there is none; `invalid_input` when
 * `id` is not a string.
 * @example
 * const margin = getKpi('gross_margin_pct');
 */
export function getKpi(id: string): KpiDefinition {
  if (typeof id !== 'string') {
    throw new DyocenseError({ code: 'invalid_input', message: 'KPI id must be a string' });
  }
  if (Object.hasOwn(kpiLibrary, id)) return kpiLibrary[id as BuiltInKpiId];
  throw new DyocenseError({
    code: 'not_found',
    message: `No built-in KPI "${id}". Available: ${builtInKpiIds.join(', ')}`,
    details: { id, available: builtInKpiIds },
  });
}
