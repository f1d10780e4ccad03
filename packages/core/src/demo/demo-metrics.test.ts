import { describe, expect, it } from 'vitest';
import { libraryMetrics } from '../kpi/index.js';
import { metricDefinitionSchema } from '../model/metric.js';
import { demoMetrics } from './demo-metrics.js';

describe('demoMetrics', () => {
  it("reuses the KPI library's definition objects for the metrics the library defines", () => {
    const library = new Map(Object.values(libraryMetrics).map((metric) => [metric.id, metric]));
    const reused = demoMetrics.filter((metric) => library.has(metric.id));
    expect(reused.map((metric) => metric.id).sort()).toEqual([
      'cogs',
      'inventory_value',
      'labour_cost',
      'labour_hours',
      'marketing_spend',
      'orders',
      'out_of_stock_sku_days',
      'revenue',
      'tracked_sku_days',
      'visits',
    ]);
    for (const metric of reused) expect(metric).toBe(library.get(metric.id));
  });

  it('defines only the demo-only metrics itself, each valid and with a unique id', () => {
    const ids = demoMetrics.map((metric) => metric.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const metric of demoMetrics) expect(metricDefinitionSchema.safeParse(metric).success).toBe(true);
    expect(ids.filter((id) => !Object.values(libraryMetrics).some((metric) => metric.id === id))).toEqual([
      'units_sold',
      'beans_on_hand',
      'beans_delivered',
      'milk_on_hand',
      'milk_delivered',
    ]);
  });
});
