import { afterAll } from 'vitest';
import { describeConnector } from '../../testing/describe-connector.js';
import { shopOrders, startShopMcpHttp } from './__fixtures__/shop-mcp-server.js';
import { mcpConnector } from './mcp-connector.js';

const token = 'mcp-fixture-token';
const shop = await startShopMcpHttp(token);
afterAll(() => shop.close());

const streams = [
  {
    name: 'orders',
    tool: 'list_orders',
    primaryKey: ['id'],
    cursorField: 'updatedAt',
    sinceArgument: 'since',
  },
  {
    name: 'stores',
    resource: 'shop://stores',
    fields: [
      { name: 'code', type: 'string' as const, nullable: false },
      { name: 'city', type: 'string' as const, nullable: false },
    ],
    primaryKey: ['code'],
  },
  { name: 'visits', tool: 'daily_visits_csv', arguments: { store: 'berlin' }, format: 'table' as const },
];

describeConnector(mcpConnector, {
  validConfig: {
    server: { transport: 'http', url: shop.url },
    accessToken: token,
    streams,
    checkpointEvery: 1,
  },
  invalidConfig: { server: { transport: 'http', url: shop.url }, accessToken: 'wrong-token', streams },
  context: { allowedHosts: ['localhost'], fetch: globalThis.fetch },
  expectedRecords: [
    ...shopOrders.map((order) => ({ stream: 'orders', data: { ...order } })),
    { stream: 'stores', data: { code: 'ber', city: 'Berlin' } },
    { stream: 'stores', data: { code: 'par', city: 'Paris' } },
    ...(
      [
        ['2024-05-01', 130],
        ['2024-05-02', null],
        ['2024-05-03', 151],
      ] as const
    ).map(([day, value]) => ({
      stream: 'visits',
      data: { seriesId: 'berlin', timestamp: `${day}T00:00:00.000Z`, period: null, value },
    })),
  ],
  incrementalStream: 'orders',
  futureState: '2030-01-01T00:00:00.000Z',
});
