import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPluginContext } from '../../plugin/create-plugin-context.js';
import { createRegistry } from '../../plugin/create-registry.js';
import type { ConnectorMessageV1, RecordMessageV1 } from '../../plugin/spec/connector-v1.js';
import { createMockContext } from '../../testing/create-mock-context.js';
import { type ShopMcpHttp, startShopMcpHttp } from './__fixtures__/shop-mcp-server.js';
import { mcpConnector } from './mcp-connector.js';
import { createMcpPlugin } from './mcp-plugin.js';

const token = 'mcp-fixture-token';
let shop: ShopMcpHttp;
beforeEach(async () => {
  shop = await startShopMcpHttp(token);
});
afterEach(() => shop.close());

const contextFor = (signal?: AbortSignal) =>
  createMockContext({
    allowedHosts: ['localhost'],
    fetch: globalThis.fetch,
    ...(signal === undefined ? {} : { signal }),
  });
const server = () => ({ transport: 'http' as const, url: shop.url });
const orders = {
  name: 'orders',
  tool: 'list_orders',
  primaryKey: ['id'],
  cursorField: 'updatedAt',
  sinceArgument: 'since',
};

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}
const recordsOf = (messages: ConnectorMessageV1[]) =>
  messages.filter((message): message is RecordMessageV1 => message.type === 'record');

describe('mcp connector', () => {
  it('discovers a stream per argument-free tool with a records outputSchema, typed from that schema', async () => {
    const catalog = await mcpConnector.discover(contextFor(), { server: server(), accessToken: token });
    expect(catalog.streams).toEqual([
      {
        name: 'list_orders',
        fields: [
          { name: 'id', type: 'string', nullable: false },
          { name: 'amount', type: 'number', nullable: false },
          { name: 'currency', type: 'string', nullable: false },
          { name: 'updatedAt', type: 'timestamp', nullable: false },
        ],
        primaryKey: [],
        supportedSyncModes: ['full_refresh'],
      },
    ]);
    expect(new Set(shop.authorizations)).toEqual(new Set([`Bearer ${token}`]));
  });

  it('follows nextCursor pages, passes the saved cursor to the tool and checkpoints between distinct cursors', async () => {
    const config = { server: server(), accessToken: token, streams: [orders], checkpointEvery: 1 };
    const catalog = { streams: [{ name: 'orders', syncMode: 'incremental' as const }] };
    const first = await collect(mcpConnector.read(contextFor(), { config, catalog }));
    expect(recordsOf(first).map((record) => record.data.id)).toEqual(['o-1', 'o-2', 'o-3', 'o-4', 'o-5']);
    expect(shop.calls).toEqual([
      { tool: 'list_orders', arguments: {} },
      { tool: 'list_orders', arguments: { cursor: '2' } },
      { tool: 'list_orders', arguments: { cursor: '4' } },
    ]);
    // o-2 and o-3 share 09:30: no checkpoint between them.
    expect(first.filter((message) => message.type === 'state').map((message) => message.data)).toEqual([
      '2024-05-01T08:00:00.000Z',
      '2024-05-01T09:30:00.000Z',
      '2024-05-02T10:00:00.000Z',
      '2024-05-03T11:15:00.000Z',
    ]);
    shop.calls.length = 0;
    const resumed = await collect(
      mcpConnector.read(contextFor(), { config, catalog, state: { orders: '2024-05-01T09:30:00.000Z' } }),
    );
    expect(recordsOf(resumed).map((record) => record.data)).toEqual([
      { id: 'o-4', amount: 310, currency: 'USD', updatedAt: '2024-05-02T10:00:00.000Z' },
      { id: 'o-5', amount: 15.75, currency: 'EUR', updatedAt: '2024-05-03T11:15:00.000Z' },
    ]);
    expect(shop.calls).toEqual([{ tool: 'list_orders', arguments: { since: '2024-05-01T09:30:00.000Z' } }]);
  });

  it('reads a CSV tool result with core ingestion, missing values included', async () => {
    const config = {
      server: server(),
      accessToken: token,
      streams: [
        { name: 'visits', tool: 'daily_visits_csv', arguments: { store: 'paris' }, format: 'table' as const },
      ],
    };
    const messages = await collect(
      mcpConnector.read(contextFor(), {
        config,
        catalog: { streams: [{ name: 'visits', syncMode: 'full_refresh' }] },
      }),
    );
    expect(
      recordsOf(messages).map((record) => [record.data.seriesId, record.data.timestamp, record.data.value]),
    ).toEqual([
      ['paris', '2024-05-01T00:00:00.000Z', 130],
      ['paris', '2024-05-02T00:00:00.000Z', null],
      ['paris', '2024-05-03T00:00:00.000Z', 151],
    ]);
    expect(shop.calls).toEqual([{ tool: 'daily_visits_csv', arguments: { store: 'paris' } }]);
  });

  it('reports a failing tool as a transient error with its message', async () => {
    const config = {
      server: server(),
      accessToken: token,
      streams: [
        {
          name: 'report',
          tool: 'broken_report',
          fields: [{ name: 'x', type: 'string' as const, nullable: true }],
        },
      ],
    };
    const messages = await collect(
      mcpConnector.read(contextFor(), {
        config,
        catalog: { streams: [{ name: 'report', syncMode: 'full_refresh' }] },
      }),
    );
    expect(messages).toEqual([
      {
        type: 'trace',
        error: {
          message: `The MCP tool "broken_report" of ${new URL(shop.url).host} failed: report service is down`,
          failureType: 'transient_error',
          stream: 'report',
        },
      },
    ]);
  });

  it('fails check for a missing tool, a wrong token, an undeclared host and an unregistered stdio server', async () => {
    const missing = await mcpConnector.check(contextFor(), {
      server: server(),
      accessToken: token,
      streams: [{ name: 'refunds', tool: 'list_refunds' }],
    });
    expect(missing).toEqual({
      status: 'failed',
      message: `The MCP server ${new URL(shop.url).host} has no tool "list_refunds" (tools: list_orders, daily_visits_csv, broken_report)`,
    });
    const unauthorised = await mcpConnector.check(contextFor(), { server: server(), accessToken: 'nope' });
    expect(unauthorised.status).toBe('failed');
    const elsewhere = await mcpConnector.check(
      createMockContext({ allowedHosts: ['mcp.example.com'], fetch: globalThis.fetch }),
      { server: server(), accessToken: token },
    );
    expect(elsewhere).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('not in permissions.allowedHosts'),
    });
    expect(await mcpConnector.check(contextFor(), { server: { transport: 'stdio', name: 'shop' } })).toEqual({
      status: 'failed',
      message: 'No stdio MCP server named "shop" is registered with this host (registered: none)',
    });
  });

  it('stops a read waiting on a tool call when the signal aborts', async () => {
    const release = shop.hold();
    const controller = new AbortController();
    const reading = collect(
      mcpConnector.read(contextFor(controller.signal), {
        config: { server: server(), accessToken: token, streams: [orders] },
        catalog: { streams: [{ name: 'orders', syncMode: 'full_refresh' }] },
      }),
    );
    while (shop.held === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('sync cancelled'));
    await expect(reading).rejects.toThrow('sync cancelled');
    release();
  });

  it('is a plugin whose declared hosts a registry context enforces', async () => {
    const registry = createRegistry();
    const plugin = createMcpPlugin({ allowedHosts: ['localhost'] });
    registry.register(plugin);
    const connector = registry.getConnector('mcp');
    if (connector === undefined) throw new Error('the registry lost the MCP connector');
    const context = createPluginContext({ manifest: plugin.manifest, secrets: { accessToken: token } });
    expect(await connector.check(context, { server: server(), accessToken: token })).toEqual({
      status: 'succeeded',
      message: `Connected to MCP server ${new URL(shop.url).host}: 1 streams, 1 resources`,
    });
  });
});
