import { z } from 'zod';
import { defineConnector } from '../plugin/define-connector.js';
import type { ConnectorV1, StreamV1 } from '../plugin/spec/connector-v1.js';

/** Options of {@link createMockConnector}. */
export interface MockConnectorOptions {
  /** Default `mock`. */
  readonly id?: string;
  /** Stream names. Default `['items']`. */
  readonly streams?: readonly string[];
  /** Records per stream. Default 5. */
  readonly recordsPerStream?: number;
  /** The token `check` accepts. Default `valid-token`. */
  readonly validToken?: string;
}

/** Configuration of a mock connector. */
export interface MockConnectorConfig {
  readonly token: string;
}

const mockConfigSchema = z.object({ token: z.string().min(1) });

/**
 * A well-behaved in-memory connector for host-side tests (sync engines, registries, UIs). Each stream's
 * records are `{ id, value, updatedAt }` with `id` 1..n as primary key and incremental cursor; state is the
 * last id read, checkpointed after every record. `check` succeeds only for `validToken`. It passes
 * {@link describeConnector}.
 *
 * @example
 * const connector = createMockConnector({ streams: ['orders', 'refunds'], recordsPerStream: 3 });
 */
export function createMockConnector(
  options: MockConnectorOptions = {},
): ConnectorV1<MockConnectorConfig, MockConnectorConfig> {
  const names = options.streams ?? ['items'];
  const count = options.recordsPerStream ?? 5;
  const validToken = options.validToken ?? 'valid-token';
  const streams: StreamV1[] = names.map((name) => ({
    name,
    fields: [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'value', type: 'number', nullable: false },
      { name: 'updatedAt', type: 'timestamp', nullable: false },
    ],
    primaryKey: ['id'],
    cursorField: 'id',
    supportedSyncModes: ['full_refresh', 'incremental'],
  }));
  return defineConnector({
    id: options.id ?? 'mock',
    name: 'Mock connector',
    description: 'In-memory records for tests',
    spec: { configSchema: mockConfigSchema, secretFields: ['token'] },
    capabilities: { incremental: true },
    streams,
    check: (_context, config) =>
      config.token === validToken
        ? { status: 'succeeded', message: 'Token accepted' }
        : { status: 'failed', message: 'The token was rejected' },
    discover: () => ({ streams }),
    async *read(context, { catalog, state }) {
      for (const configured of catalog.streams) {
        if (!names.includes(configured.name)) {
          yield {
            type: 'trace',
            error: { message: `Unknown stream "${configured.name}"`, failureType: 'config_error' },
          };
          return;
        }
        const saved = state?.[configured.name];
        const after = configured.syncMode === 'incremental' && typeof saved === 'number' ? saved : 0;
        for (let id = after + 1; id <= count; id++) {
          await Promise.resolve();
          yield {
            type: 'record',
            stream: configured.name,
            data: { id, value: id * 1.5, updatedAt: new Date(Date.UTC(2024, 0, id)).toISOString() },
            emittedAt: context.clock.now(),
          };
          yield { type: 'state', stream: configured.name, data: id };
        }
      }
    },
  });
}
