// Hand-written test doubles for the plugin SDK tests (no outside source): one contribution of each kind.
import { z } from 'zod';
import { getKpi } from '../../kpi/index.js';
import { defineConnector } from '../define-connector.js';
import { defineForecastModel } from '../define-forecast-model.js';
import { defineKpi } from '../define-kpi.js';
import { defineOptimizer } from '../define-optimizer.js';
import type { PluginDefinition } from '../define-plugin.js';
import { defineWidget } from '../define-widget.js';
import type { StreamV1 } from '../spec/connector-v1.js';

export const ordersStream: StreamV1 = {
  name: 'orders',
  fields: [
    { name: 'id', type: 'string', nullable: false },
    { name: 'placedAt', type: 'timestamp', nullable: false },
    { name: 'total', type: 'number', nullable: false },
  ],
  primaryKey: ['id'],
  cursorField: 'placedAt',
  supportedSyncModes: ['full_refresh', 'incremental'],
};

export const ordersConfigSchema = z.object({
  shop: z.string().min(1),
  apiKey: z.string().min(1),
  pageSize: z.number().int().positive().default(50),
});

export const ordersConnector = defineConnector({
  id: 'acme-orders',
  name: 'Acme orders',
  spec: { configSchema: ordersConfigSchema, secretFields: ['apiKey'] },
  capabilities: { incremental: true },
  streams: [ordersStream],
  check: (_context, config) =>
    config.apiKey === 'valid'
      ? { status: 'succeeded', message: `Connected to ${config.shop}` }
      : { status: 'failed', message: 'The API key was rejected' },
  discover: () => ({ streams: [ordersStream] }),
  async *read(context, { state }) {
    const after = typeof state?.orders === 'string' ? state.orders : '';
    const rows = [
      { id: 'o1', placedAt: '2024-01-01T10:00:00.000Z', total: 12.5 },
      { id: 'o2', placedAt: '2024-01-02T10:00:00.000Z', total: 20 },
      { id: 'o3', placedAt: '2024-01-03T10:00:00.000Z', total: 7.25 },
    ].filter((row) => row.placedAt > after);
    for (const row of rows) {
      yield { type: 'record', stream: 'orders', data: row, emittedAt: context.clock.now() };
      yield { type: 'state', stream: 'orders', data: row.placedAt };
    }
  },
});

export const averageOrderValue = defineKpi({ ...getKpi('average_order_value'), id: 'acme_aov' });

export const meanModel = defineForecastModel({
  id: 'acme-mean',
  name: 'Mean',
  capabilities: { intervals: true, minHistory: 2 },
  paramsSchema: z.object({ spread: z.number().positive().default(1) }),
  fit: (series, options) => {
    const values = series.values.filter((value): value is number => value !== null);
    return { mean: values.reduce((total, value) => total + value, 0) / values.length, spread: options.params.spread };
  },
  predict: (fitted, horizon, options) => ({
    points: Array.from({ length: horizon }, (_, index) => ({
      step: index + 1,
      value: fitted.mean,
      intervals: options.levels.map((level) => ({
        level,
        lower: fitted.mean - (fitted.spread * level) / 50,
        upper: fitted.mean + (fitted.spread * level) / 50,
      })),
    })),
  }),
});

export const reorderOptimizer = defineOptimizer({
  id: 'acme-reorder',
  name: 'Reorder point',
  capabilities: { deterministic: true },
  inputSchema: z.object({ dailyDemand: z.number().positive(), leadTimeDays: z.number().positive() }),
  outputSchema: z.object({ reorderPoint: z.number() }),
  solve: ({ dailyDemand, leadTimeDays }) => ({ reorderPoint: dailyDemand * leadTimeDays }),
});

class SparklineElement {}

export const sparklineWidget = defineWidget({
  id: 'acme-sparkline',
  name: 'Sparkline',
  tagName: 'acme-sparkline',
  accepts: ['timeseries'],
  propsSchema: z.object({ color: z.string().default('currentColor') }),
  load: async () => SparklineElement,
});

/** A complete, valid plugin definition; spread and override it to build failing variants. */
export const samplePluginDefinition = {
  id: 'acme/shop',
  name: 'Acme shop',
  version: '1.2.0',
  description: 'Orders from the Acme shop',
  engines: { core: '^0.1.0' },
  permissions: { allowedHosts: ['api.acme.com'], secrets: ['apiKey'] },
  connectors: [ordersConnector],
  kpis: [averageOrderValue],
  forecastModels: [meanModel],
  optimizers: [reorderOptimizer],
  widgets: [sparklineWidget],
} satisfies PluginDefinition;
