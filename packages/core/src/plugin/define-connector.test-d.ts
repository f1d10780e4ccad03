import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from './define-connector.js';
import type { ConnectorV1 } from './spec/connector-v1.js';

const configSchema = z.object({ shop: z.string(), pageSize: z.number().default(50), apiKey: z.string() });

describe('defineConnector types', () => {
  it('infers the config type of check, discover and read from the zod schema output', () => {
    defineConnector({
      id: 'typed',
      name: 'Typed',
      spec: { configSchema, secretFields: ['apiKey'] },
      capabilities: { dynamicStreams: true },
      check: (_context, config) => {
        expectTypeOf(config).toEqualTypeOf<{ shop: string; pageSize: number; apiKey: string }>();
        return { status: 'succeeded', message: 'ok' };
      },
      discover: (_context, config) => {
        expectTypeOf(config.pageSize).toEqualTypeOf<number>();
        return { streams: [] };
      },
      read(_context, request) {
        expectTypeOf(request.config.shop).toEqualTypeOf<string>();
        return (async function* () {})();
      },
    });
  });

  it('returns a connector typed with the schema output and input', () => {
    const connector = defineConnector({
      id: 'typed',
      name: 'Typed',
      spec: { configSchema },
      capabilities: { dynamicStreams: true },
      check: () => ({ status: 'succeeded', message: 'ok' }),
      discover: () => ({ streams: [] }),
      async *read() {},
    });
    expectTypeOf(connector).toEqualTypeOf<
      ConnectorV1<
        { shop: string; pageSize: number; apiKey: string },
        { shop: string; pageSize?: number; apiKey: string }
      >
    >();
  });

  it('only accepts config field names as secret fields', () => {
    defineConnector({
      id: 'typed',
      name: 'Typed',
      // @ts-expect-error "password" is not a field of the config schema
      spec: { configSchema, secretFields: ['password'] },
      capabilities: { dynamicStreams: true },
      check: () => ({ status: 'succeeded', message: 'ok' }),
      discover: () => ({ streams: [] }),
      async *read() {},
    });
  });
});
