import type { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { catalogSchema, configuredCatalogSchema, connectorStateSchema } from './catalog-schema.js';
import { connectorCapabilityProblems, connectorSecretProblems } from './internal/capability-problems.js';
import { connectorShapeSchema } from './internal/contribution-schemas.js';
import { deepFreezeData } from './internal/deep-freeze-data.js';
import { messageOf, throwIfProblems } from './internal/problems.js';
import type {
  CatalogV1,
  ConnectionStatusV1,
  ConnectorMessageV1,
  ConnectorV1,
  ReadRequestV1,
  StreamV1,
} from './spec/connector-v1.js';
import type { PluginContextV1 } from './spec/context-v1.js';

/** Every key of every member of a union (`keyof` alone keeps only the common ones). */
type KeysOfUnion<Value> = Value extends unknown ? keyof Value & string : never;

/** What a connector author writes; {@link defineConnector} fills the defaults and returns a {@link ConnectorV1}. */
export interface ConnectorDefinition<Schema extends z.ZodType> {
  readonly apiVersion?: 1;
  readonly id: string;
  readonly name: string;
  /** Default `''`. */
  readonly description?: string;
  readonly spec: {
    /** Validates the user's configuration; `check`, `discover` and `read` receive its parsed output. */
    readonly configSchema: Schema;
    /** Config fields holding secrets. Default `[]`. */
    readonly secretFields?: readonly KeysOfUnion<z.input<Schema>>[];
    readonly documentationUrl?: string;
  };
  /** Both default to `false`. */
  readonly capabilities?: { readonly incremental?: boolean; readonly dynamicStreams?: boolean };
  /** Static catalog; required unless `capabilities.dynamicStreams`. */
  readonly streams?: readonly StreamV1[];
  /** Tests the configuration (credentials, reachability). May throw: the wrapper reports it as `failed`. */
  check(context: PluginContextV1, config: z.output<Schema>): Promise<ConnectionStatusV1> | ConnectionStatusV1;
  discover(context: PluginContextV1, config: z.output<Schema>): Promise<CatalogV1> | CatalogV1;
  read(context: PluginContextV1, request: ReadRequestV1<z.output<Schema>>): AsyncIterable<ConnectorMessageV1>;
}

function statusOf(value: unknown): ConnectionStatusV1 | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, message } = value as Record<string, unknown>;
  if ((status !== 'succeeded' && status !== 'failed') || typeof message !== 'string') return undefined;
  return { status, message };
}

/**
 * Defines a source connector: validates the definition, applies defaults, and returns a frozen
 * {@link ConnectorV1} whose methods validate their input.
 *
 * - `check` parses the config and never throws: an invalid config, a thrown error or a malformed result all
 *   become `{ status: 'failed', message }`.
 * - `discover` and `read` throw `invalid_input` for an invalid config, catalog or state; `discover` throws
 *   `internal` when the connector returns an invalid catalog.
 * - `read` stops with `context.signal.reason` as soon as the signal is aborted, even if the connector's
 *   own loop does not look at it.
 *
 * @throws DyocenseError `invalid_input` when the definition is malformed or inconsistent (a secret field
 * missing from the config schema, incremental support without an incremental stream, ...).
 * @example
 * const orders = defineConnector({
 *   id: 'shop-orders',
 *   name: 'Shop orders',
 *   spec: { configSchema: z.object({ shop: z.string(), apiKey: z.string() }), secretFields: ['apiKey'] },
 *   streams: [{ name: 'orders', fields: [...], primaryKey: ['id'], supportedSyncModes: ['full_refresh'] }],
 *   async check(context, config) { ... },
 *   async discover() { return { streams: orders.streams ?? [] }; },
 *   async *read(context, { config, catalog, state }) { ... },
 * });
 */
export function defineConnector<Schema extends z.ZodType>(
  definition: ConnectorDefinition<Schema>,
): ConnectorV1<z.output<Schema>, z.input<Schema>> {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid connector definition: must be an object',
    });
  }
  const candidate = {
    apiVersion: definition.apiVersion ?? 1,
    kind: 'connector' as const,
    id: definition.id,
    name: definition.name,
    description: definition.description ?? '',
    spec: { ...definition.spec, secretFields: [...(definition.spec?.secretFields ?? [])] },
    capabilities: {
      incremental: definition.capabilities?.incremental ?? false,
      dynamicStreams: definition.capabilities?.dynamicStreams ?? false,
    },
    ...(definition.streams === undefined ? {} : { streams: definition.streams }),
    check: definition.check,
    discover: definition.discover,
    read: definition.read,
  };
  const subject = `connector definition${typeof definition.id === 'string' ? ` "${definition.id}"` : ''}`;
  const parsed = parseInput(connectorShapeSchema, candidate, subject);
  if (candidate.apiVersion !== 1) {
    throwIfProblems([`apiVersion ${candidate.apiVersion} is not supported (this core supports 1)`], {
      code: 'invalid_input',
      subject: `Invalid ${subject}`,
    });
  }
  // The parsed streams are a fresh copy, so freezing them leaves the author's objects alone.
  const shaped = {
    ...candidate,
    ...(parsed.streams === undefined ? {} : { streams: parsed.streams as readonly StreamV1[] }),
  } as unknown as ConnectorV1<z.output<Schema>, z.input<Schema>>;
  throwIfProblems([...connectorSecretProblems(shaped), ...connectorCapabilityProblems(shaped)], {
    code: 'invalid_input',
    subject: `Invalid ${subject}`,
  });

  const configSchema = definition.spec.configSchema;
  const id = candidate.id;
  const parseConfig = (config: unknown): z.output<Schema> =>
    parseInput(configSchema, config, `configuration for connector "${id}"`);

  const connector: ConnectorV1<z.output<Schema>, z.input<Schema>> = {
    ...shaped,
    async check(context, config) {
      try {
        const status = statusOf(await definition.check(context, parseConfig(config)));
        return status ?? { status: 'failed', message: `Connector "${id}" returned a malformed check result` };
      } catch (error) {
        return { status: 'failed', message: messageOf(error) };
      }
    },
    async discover(context, config) {
      const catalog = await definition.discover(context, parseConfig(config));
      const result = catalogSchema.safeParse(catalog);
      if (!result.success) {
        throw new DyocenseError({
          code: 'internal',
          message: `Connector "${id}" returned an invalid catalog: ${result.error.issues[0]?.message ?? ''}`,
          cause: result.error,
        });
      }
      return catalog;
    },
    async *read(context, request) {
      if (typeof request !== 'object' || request === null) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `Invalid read request for connector "${id}"`,
        });
      }
      const config = parseConfig(request.config);
      const catalog = parseInput(configuredCatalogSchema, request.catalog, `catalog for connector "${id}"`);
      const state =
        request.state === undefined
          ? undefined
          : parseInput(connectorStateSchema, request.state, `state for connector "${id}"`);
      context.signal.throwIfAborted();
      const messages = definition.read(context, {
        config,
        catalog,
        ...(state === undefined ? {} : { state }),
      });
      for await (const message of messages) {
        context.signal.throwIfAborted();
        yield message;
        context.signal.throwIfAborted();
      }
    },
  };
  return deepFreezeData(connector);
}
