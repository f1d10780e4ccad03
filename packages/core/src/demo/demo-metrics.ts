import { DyocenseError } from '../errors/index.js';
import { libraryMetrics } from '../kpi/library-metrics.js';
import type { MetricDefinition } from '../model/metric.js';

/** The KPI library's definition of metric `id`; the demo reuses it rather than defining its own. */
function libraryMetric(id: string): MetricDefinition {
  const metric = Object.values(libraryMetrics).find((candidate) => candidate.id === id);
  if (metric === undefined) {
    throw new DyocenseError({ code: 'not_found', message: `The KPI library has no metric "${id}"` });
  }
  return metric;
}

/** A metric only the demo measures (no KPI reads it). */
function demoMetric(definition: MetricDefinition): MetricDefinition {
  return Object.freeze(definition);
}

/**
 * The metrics the demo series measure, frozen. Where the concept is a KPI-library metric (`revenue`, `orders`,
 * `visits`, `cogs`, `marketing_spend`, `labour_hours`, `labour_cost`, `out_of_stock_sku_days`,
 * `tracked_sku_days`, `inventory_value`) the entry is the library's own definition object, so money is in the
 * reporting currency (GBP for the demo) without an ISO code. The demo-only metrics count units sold and the
 * stock of beans (kilograms) and milk (litres).
 */
export const demoMetrics: readonly MetricDefinition[] = Object.freeze([
  libraryMetric('revenue'),
  demoMetric({
    id: 'units_sold',
    name: 'Units sold',
    description: 'Items sold: drinks, food items or merchandise pieces.',
    unit: 'count:units',
    aggregation: 'sum',
    direction: 'higher_is_better',
  }),
  libraryMetric('cogs'),
  libraryMetric('orders'),
  libraryMetric('marketing_spend'),
  libraryMetric('labour_hours'),
  libraryMetric('labour_cost'),
  demoMetric({
    id: 'beans_on_hand',
    name: 'Coffee beans on hand',
    description: 'Kilograms of coffee beans in stock at closing time.',
    unit: 'count:kilograms',
    aggregation: 'last',
    direction: 'neutral',
  }),
  demoMetric({
    id: 'beans_delivered',
    name: 'Coffee beans delivered',
    description: 'Kilograms of coffee beans received from the roaster.',
    unit: 'count:kilograms',
    aggregation: 'sum',
    direction: 'neutral',
  }),
  demoMetric({
    id: 'milk_on_hand',
    name: 'Milk on hand',
    description: 'Litres of milk in stock at closing time.',
    unit: 'count:litres',
    aggregation: 'last',
    direction: 'neutral',
  }),
  demoMetric({
    id: 'milk_delivered',
    name: 'Milk delivered',
    description: 'Litres of milk received from the dairy.',
    unit: 'count:litres',
    aggregation: 'sum',
    direction: 'neutral',
  }),
  libraryMetric('out_of_stock_sku_days'),
  libraryMetric('tracked_sku_days'),
  libraryMetric('inventory_value'),
  libraryMetric('visits'),
]);
