import {
  averageOrderValue,
  meanModel,
  ordersConnector,
  reorderOptimizer,
} from '../plugin/__fixtures__/sample-plugin.js';
import { createMockConnector } from './create-mock-connector.js';
import { describeConnector } from './describe-connector.js';
import { describeForecastModel } from './describe-forecast-model.js';
import { describeKpi } from './describe-kpi.js';
import { describeOptimizer } from './describe-optimizer.js';

// The kit's own doubles and the SDK test fixtures must pass the kit they ship with.
describeConnector(createMockConnector({ streams: ['orders', 'refunds'], recordsPerStream: 4 }), {
  validConfig: { token: 'valid-token' },
  invalidConfig: { token: 'wrong' },
  incrementalStream: 'refunds',
  futureState: 99,
});

describeConnector(ordersConnector, {
  validConfig: { shop: 'demo', apiKey: 'valid' },
  invalidConfig: { shop: 'demo', apiKey: 'revoked' },
  expectedRecords: [
    { stream: 'orders', data: { id: 'o1', placedAt: '2024-01-01T10:00:00.000Z', total: 12.5 } },
    { stream: 'orders', data: { id: 'o2', placedAt: '2024-01-02T10:00:00.000Z', total: 20 } },
    { stream: 'orders', data: { id: 'o3', placedAt: '2024-01-03T10:00:00.000Z', total: 7.25 } },
  ],
});

describeKpi(averageOrderValue, {
  examples: [
    { inputs: { revenue: 12_500, orders: 250 }, expected: 50 },
    { inputs: { revenue: 100, orders: 0 }, expected: null },
  ],
});

describeForecastModel(meanModel, {
  series: {
    id: 'sales',
    timestamps: [1, 2, 3, 4, 5, 6],
    values: [10, 12, null, 14, 9, 11],
    frequency: 'period',
  },
  horizon: 6,
  params: { spread: 0.5 },
});

describeOptimizer(reorderOptimizer, {
  validProblem: { dailyDemand: 4, leadTimeDays: 3 },
  invalidProblem: { dailyDemand: 'four' },
});
