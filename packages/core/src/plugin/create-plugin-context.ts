import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { createGuardedFetch } from './internal/guarded-fetch.js';
import { pluginIdSchema } from './internal/identifiers.js';
import { createRedactingLogger, silentLogger } from './internal/redacting-logger.js';
import { pluginPermissionsSchema } from './manifest-schema.js';
import type { ClockV1, PluginContextV1, PluginLoggerV1, PluginSecretsV1 } from './spec/context-v1.js';
import type { PluginPermissionsV1 } from './spec/manifest-v1.js';

/** Where a context reads secret values: a map, or a lookup function (e.g. over a vault client cache). */
export type SecretSource = Readonly<Record<string, string>> | ((name: string) => string | undefined);

/** Options of {@link createPluginContext}. */
export interface CreatePluginContextOptions {
  /** The plugin's manifest (only `id` and `permissions` are read). */
  readonly manifest: { readonly id: string; readonly permissions: PluginPermissionsV1 };
  /** The host's fetch, wrapped with the host restrictions. Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Secret values; only names declared in `permissions.secrets` are reachable. Default: none. */
  readonly secrets?: SecretSource;
  /** Default: a logger that discards everything. */
  readonly logger?: PluginLoggerV1;
  /** Default: the system clock. */
  readonly clock?: ClockV1;
  /** Cancels the plugin's current work. Default: a signal that never aborts. */
  readonly signal?: AbortSignal;
  /** Redirects `fetch` follows (each checked against `allowedHosts`). Default 5. */
  readonly maxRedirects?: number;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';
const functionSchema = z.custom<(...args: never[]) => unknown>(isFunction, { message: 'must be a function' });

const optionsSchema = z.object({
  manifest: z.object({ id: pluginIdSchema, permissions: pluginPermissionsSchema }),
  fetch: functionSchema.optional(),
  secrets: z.union([z.record(z.string(), z.string()), functionSchema]).optional(),
  logger: z
    .object({ debug: functionSchema, info: functionSchema, warn: functionSchema, error: functionSchema })
    .optional(),
  clock: z.object({ now: functionSchema }).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
  maxRedirects: z.number().int().min(0).max(20).optional(),
});

/**
 * Creates the context a host hands to a plugin: a logger that redacts secrets, a `fetch` limited to the
 * declared `allowedHosts`, `secrets` limited to the declared names, the call's `signal` and a `clock`.
 *
 * @throws DyocenseError `invalid_input` when the options are malformed. The context's `fetch` rejects with
 * `forbidden` for an undeclared host, an IP literal, a URL with credentials or a redirect to an undeclared
 * host; `secrets.get` throws `forbidden` for an undeclared secret.
 * @example
 * const context = createPluginContext({
 *   manifest: plugin.manifest,
 *   secrets: { apiKey: process.env.SHOP_API_KEY ?? '' },
 *   signal: AbortSignal.timeout(60_000),
 * });
 * const status = await connector.check(context, config);
 */
export function createPluginContext(options: CreatePluginContextOptions): PluginContextV1 {
  const parsed = parseInput(optionsSchema, options, 'plugin context options');
  const { id: pluginId, permissions } = parsed.manifest;
  const declared = new Set(permissions.secrets);
  const source = options.secrets ?? {};
  const known = new Set<string>();
  const lookup =
    typeof source === 'function'
      ? source
      : (name: string): string | undefined => (Object.hasOwn(source, name) ? source[name] : undefined);
  if (typeof source !== 'function') {
    for (const name of declared) {
      const value = lookup(name);
      if (value !== undefined) known.add(value);
    }
  }
  const secrets: PluginSecretsV1 = Object.freeze({
    get(name: string): string | undefined {
      if (!declared.has(name)) {
        throw new DyocenseError({
          code: 'forbidden',
          message: `Plugin ${pluginId} may not read secret "${String(name)}": it is not in permissions.secrets`,
          details: { pluginId, secret: String(name) },
        });
      }
      const value = lookup(name);
      if (value !== undefined) known.add(value);
      return value;
    },
  });
  const signal = options.signal ?? new AbortController().signal;
  const fetch = createGuardedFetch({
    pluginId,
    allowedHosts: permissions.allowedHosts,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    signal,
    maxRedirects: parsed.maxRedirects ?? 5,
  });
  return Object.freeze({
    apiVersion: 1 as const,
    pluginId,
    logger: createRedactingLogger(options.logger ?? silentLogger, known),
    fetch,
    secrets,
    signal,
    clock: options.clock ?? Object.freeze({ now: () => Date.now() }),
  });
}
