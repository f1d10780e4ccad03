import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ordersConnector, ordersStream } from './__fixtures__/sample-plugin.js';
import { createPluginContext } from './create-plugin-context.js';
import { defineConnector } from './define-connector.js';
import type { ConnectorMessageV1 } from './spec/connector-v1.js';

const permissions = { allowedHosts: [], secrets: ['apiKey'] };
const context = () => createPluginContext({ manifest: { id: 'acme/shop', permissions } });
const catalog = { streams: [{ name: 'orders', syncMode: 'incremental' as const }] };

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}

const { cursorField: _cursor, ...fullRefreshOrders } = ordersStream;

function base() {
  return {
    id: 'demo',
    name: 'Demo',
    spec: { configSchema: z.object({ token: z.string().min(1), limit: z.number().default(3) }) },
    streams: [{ ...fullRefreshOrders, supportedSyncModes: ['full_refresh' as const] }],
    check: () => ({ status: 'succeeded' as const, message: 'ok' }),
    discover: () => ({ streams: [] }),
    async *read() {},
  };
}

describe('defineConnector', () => {
  it('fills defaults and freezes the connector', () => {
    expect(ordersConnector.apiVersion).toBe(1);
    expect(ordersConnector.kind).toBe('connector');
    expect(ordersConnector.description).toBe('');
    expect(ordersConnector.capabilities).toEqual({ incremental: true, dynamicStreams: false });
    expect(Object.isFrozen(ordersConnector)).toBe(true);
    expect(Object.isFrozen(ordersConnector.streams?.[0]?.fields)).toBe(true);
  });

  it('hands check the parsed config with schema defaults applied', async () => {
    let seen: unknown;
    const connector = defineConnector({
      ...base(),
      check: (_context, config) => {
        seen = config;
        return { status: 'succeeded', message: 'ok' };
      },
    });
    await connector.check(context(), { token: 't' });
    expect(seen).toEqual({ token: 't', limit: 3 });
  });

  it('reports an invalid config from check as failed without throwing', async () => {
    const status = await ordersConnector.check(context(), { shop: '' });
    expect(status.status).toBe('failed');
    expect(status.message).toContain('Invalid configuration for connector "acme-orders"');
  });

  it('turns an exception inside check into a failed status', async () => {
    const connector = defineConnector({
      ...base(),
      check: () => {
        throw new Error('socket hang up');
      },
    });
    expect(await connector.check(context(), { token: 't' })).toEqual({
      status: 'failed',
      message: 'socket hang up',
    });
  });

  it('turns a malformed check result into a failed status', async () => {
    const connector = defineConnector({
      ...base(),
      check: () => ({ status: 'ok', message: 1 }) as never,
    });
    expect((await connector.check(context(), { token: 't' })).status).toBe('failed');
  });

  it('throws invalid_input from discover for an invalid config', async () => {
    await expect(ordersConnector.discover(context(), {})).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('throws internal when the connector discovers an invalid catalog', async () => {
    const connector = defineConnector({
      ...base(),
      discover: () => ({ streams: [{ ...ordersStream, cursorField: 'missing' }] }),
    });
    await expect(connector.discover(context(), { token: 't' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('reads records and state checkpoints, resuming after a state', async () => {
    const config = { shop: 's', apiKey: 'valid' };
    const all = await collect(ordersConnector.read(context(), { config, catalog }));
    expect(all.filter((message) => message.type === 'record')).toHaveLength(3);
    const resumed = await collect(
      ordersConnector.read(context(), { config, catalog, state: { orders: '2024-01-02T10:00:00.000Z' } }),
    );
    expect(resumed.filter((message) => message.type === 'record').map((message) => message.data.id)).toEqual([
      'o3',
    ]);
  });

  it('validates the read request before reading', async () => {
    await expect(
      collect(
        ordersConnector.read(context(), { config: { shop: 's', apiKey: 'k' }, catalog: { streams: [] } }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('stops a read once the signal aborts even when the connector ignores it', async () => {
    const controller = new AbortController();
    const connector = defineConnector({
      ...base(),
      async *read() {
        for (let index = 0; index < 1000; index++) {
          yield { type: 'log', level: 'info', message: `line ${index}` };
        }
      },
    });
    const signalled = createPluginContext({
      manifest: { id: 'acme/shop', permissions },
      signal: controller.signal,
    });
    const seen: ConnectorMessageV1[] = [];
    const reading = (async () => {
      for await (const message of connector.read(signalled, {
        config: { token: 't' },
        catalog: { streams: [{ name: 'orders', syncMode: 'full_refresh' }] },
      })) {
        seen.push(message);
        if (seen.length === 2) controller.abort(new Error('cancelled by host'));
      }
    })();
    await expect(reading).rejects.toThrow('cancelled by host');
    expect(seen).toHaveLength(2);
  });

  it('rejects a secret field that is not in the config schema', () => {
    expect(() =>
      defineConnector({ ...base(), spec: { ...base().spec, secretFields: ['password' as 'token'] } }),
    ).toThrow(/marks "password" as secret but its config schema has no such field/);
  });

  it('rejects a static catalog without streams', () => {
    expect(() => defineConnector({ ...base(), streams: [] })).toThrow(/lists no streams/);
  });

  it('rejects a config schema that is not an object', () => {
    expect(() => defineConnector({ ...base(), spec: { configSchema: z.string() } })).toThrow(
      /must describe an object/,
    );
  });

  it('rejects a malformed definition with invalid_input instead of crashing', () => {
    for (const input of [null, {}, { ...base(), id: 'Has Spaces' }, { ...base(), read: 'nope' }]) {
      expect(() => defineConnector(input as never)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }) as Error,
      );
    }
  });
});
