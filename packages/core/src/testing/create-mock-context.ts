import { DyocenseError } from '../errors/index.js';
import { createPluginContext } from '../plugin/create-plugin-context.js';
import type { ClockV1, LogLevelV1, PluginContextV1 } from '../plugin/spec/context-v1.js';

/** One line a plugin logged through a mock context. */
export interface MockLogEntry {
  readonly level: LogLevelV1;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A plugin context for tests, with the log lines it received. */
export interface MockPluginContext extends PluginContextV1 {
  readonly logs: readonly MockLogEntry[];
}

/** Options of {@link createMockContext}. */
export interface MockContextOptions {
  /** Default `test/plugin`. */
  readonly pluginId?: string;
  /** Hosts the context's fetch may reach (still enforced). Default: none. */
  readonly allowedHosts?: readonly string[];
  /** Recorded responses: called for every allowed request. Default: every request is refused. */
  readonly fetch?: typeof globalThis.fetch;
  /** Secret values; their names are the declared secrets. Default: none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** A clock, or a fixed instant in epoch milliseconds. Default: fixed at 2024-01-01T00:00:00Z. */
  readonly clock?: ClockV1 | number;
  readonly signal?: AbortSignal;
}

/** Fixed instant of the default mock clock: 2024-01-01T00:00:00Z. */
export const mockNow = Date.UTC(2024, 0, 1);

const offline: typeof globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  throw new DyocenseError({
    code: 'forbidden',
    message: `The mock context has no network (requested ${url}); pass options.fetch with recorded responses`,
  });
};

/**
 * A {@link PluginContextV1} for tests: the real host restrictions (allowed hosts, declared secrets,
 * redaction), no network unless `fetch` is given, a fixed clock, and a `logs` array.
 *
 * @throws DyocenseError `invalid_input` for malformed options.
 * @example
 * const context = createMockContext({
 *   allowedHosts: ['api.example.com'],
 *   fetch: async () => Response.json({ orders: [] }),
 *   secrets: { apiKey: 'test-key' },
 * });
 */
export function createMockContext(options: MockContextOptions = {}): MockPluginContext {
  const logs: MockLogEntry[] = [];
  const record =
    (level: LogLevelV1) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      logs.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  const clock =
    typeof options.clock === 'number'
      ? { now: () => options.clock as number }
      : (options.clock ?? { now: () => mockNow });
  const context = createPluginContext({
    manifest: {
      id: options.pluginId ?? 'test/plugin',
      permissions: {
        allowedHosts: options.allowedHosts ?? [],
        secrets: Object.keys(options.secrets ?? {}),
      },
    },
    fetch: options.fetch ?? offline,
    secrets: options.secrets ?? {},
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    clock,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return Object.freeze({ ...context, logs });
}
