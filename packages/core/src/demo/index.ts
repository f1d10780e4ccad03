export type {
  DemoBusiness,
  DemoCampaignEvent,
  DemoCategory,
  DemoCategoryTruth,
  DemoEvent,
  DemoEventBase,
  DemoHolidayEvent,
  DemoPriceChangeEvent,
  DemoShop,
  DemoShopKind,
  DemoShopTruth,
  DemoStockItem,
  DemoStockItemTruth,
  DemoStockoutEvent,
  DemoTruth,
  DemoYearlySeasonality,
} from './demo-business.js';
export { demoMetrics } from './demo-metrics.js';
export {
  type DemoBusinessOptions,
  demoBusinessOptionsSchema,
  type ResolvedDemoBusinessOptions,
} from './demo-options.js';
export { generateDemoBusiness } from './generate-demo-business.js';
export { toLongCsv } from './to-long-csv.js';
export { toWideCsv } from './to-wide-csv.js';
