export { cashConversionCycleKpi } from './cash-kpis.js';
export { churnRateKpi, customerAcquisitionCostKpi } from './customer-kpis.js';
export { daysInventoryOnHandKpi, inventoryTurnoverKpi, stockoutRateKpi } from './inventory-kpis.js';
export { type BuiltInKpiId, builtInKpiIds, getKpi, kpiLibrary } from './kpi-library.js';
export { labourCostPctKpi, revenuePerLabourHourKpi } from './labour-kpis.js';
export { libraryMetrics } from './library-metrics.js';
export {
  averageOrderValueKpi,
  conversionRateKpi,
  grossMarginPctKpi,
  ordersKpi,
  revenueKpi,
} from './sales-kpis.js';
export {
  cashToCashCycleTimeKpi,
  inventoryDaysOfSupplyKpi,
  orderFulfillmentCycleTimeKpi,
  perfectOrderFulfillmentKpi,
} from './scor-kpis.js';
