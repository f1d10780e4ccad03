import type { z } from 'zod';
import type { PluginContextV1 } from './context-v1.js';
import type { JsonObjectV1, JsonValueV1 } from './json-value-v1.js';

/** How a stream can be synchronised: all records every time, or only records past a cursor. */
export type SyncModeV1 = 'full_refresh' | 'incremental';

/**
 * Type of one record field. `timestamp` is an ISO 8601 date-time string with an offset or `Z`;
 * `date` is an ISO 8601 calendar date (`YYYY-MM-DD`); `integer` is a safe integer.
 */
export type FieldTypeV1 = 'string' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'date';

/** One field of a stream's records. */
export interface FieldV1 {
  readonly name: string;
  readonly type: FieldTypeV1;
  /** Whether the field may be `null`. Absent fields are never allowed. */
  readonly nullable: boolean;
  readonly description?: string;
}

/** A stream a connector can read: the shape of its records and how it can be synchronised. */
export interface StreamV1 {
  readonly name: string;
  readonly fields: readonly FieldV1[];
  /** Names of the fields that identify a record; empty when records have no identity. */
  readonly primaryKey: readonly string[];
  /** Field whose value only grows; required when `supportedSyncModes` includes `incremental`. */
  readonly cursorField?: string;
  readonly supportedSyncModes: readonly SyncModeV1[];
}

/** The streams a connector offers for a given configuration. */
export interface CatalogV1 {
  readonly streams: readonly StreamV1[];
}

/** One stream the host asks a connector to read, with the chosen sync mode. */
export interface ConfiguredStreamV1 {
  readonly name: string;
  readonly syncMode: SyncModeV1;
}

/** The host's selection of streams for one read. */
export interface ConfiguredCatalogV1 {
  readonly streams: readonly ConfiguredStreamV1[];
}

/**
 * Checkpoints to resume from: stream name to the `data` of the last `state` message the host received for
 * that stream. Opaque to the host.
 */
export type ConnectorStateV1 = Readonly<Record<string, JsonValueV1>>;

/** Arguments of {@link ConnectorV1.read}. */
export interface ReadRequestV1<Config = unknown> {
  readonly config: Config;
  readonly catalog: ConfiguredCatalogV1;
  readonly state?: ConnectorStateV1;
}

/** Result of a connection check. Checks report failures here; they never throw. */
export interface ConnectionStatusV1 {
  readonly status: 'succeeded' | 'failed';
  /** Written for the user, e.g. `Could not reach api.example.com: 401 Unauthorized`. */
  readonly message: string;
}

/** A data record of one stream. */
export interface RecordMessageV1 {
  readonly type: 'record';
  readonly stream: string;
  readonly data: JsonObjectV1;
  /** When the connector produced the record, epoch milliseconds from the context clock. */
  readonly emittedAt: number;
}

/**
 * A checkpoint: every record of `stream` emitted before this message is durable once the host stores it.
 * Reading again with `state[stream] = data` must not emit those records again.
 */
export interface StateMessageV1 {
  readonly type: 'state';
  readonly stream: string;
  readonly data: JsonValueV1;
}

/** A log line for the sync's log. */
export interface LogMessageV1 {
  readonly type: 'log';
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

/** Why a sync failed: the user's configuration, the connector, or a transient outside condition. */
export type FailureTypeV1 = 'config_error' | 'system_error' | 'transient_error';

/** An error report; a read that emits one is a failed read. */
export interface TraceMessageV1 {
  readonly type: 'trace';
  readonly error: {
    readonly message: string;
    readonly failureType: FailureTypeV1;
    readonly stream?: string;
  };
}

/** Everything a connector's `read` emits. Plain JSON, so a connector can later run out of process. */
export type ConnectorMessageV1 = RecordMessageV1 | StateMessageV1 | LogMessageV1 | TraceMessageV1;

/** What a connector declares it can do. */
export interface ConnectorCapabilitiesV1 {
  /** Some stream supports `incremental` sync and the connector resumes from `state`. */
  readonly incremental: boolean;
  /**
   * The catalog depends on the configuration (e.g. the series found in an uploaded file), so `streams`
   * cannot list it statically.
   */
  readonly dynamicStreams: boolean;
}

/** The configuration contract: a zod schema plus the names of fields that hold secrets. */
export interface ConnectorSpecificationV1<Config = unknown, ConfigInput = Config> {
  readonly configSchema: z.ZodType<Config, ConfigInput>;
  /** Top-level config fields holding secrets: stored apart, never logged, listed in `permissions.secrets`. */
  readonly secretFields: readonly string[];
  readonly documentationUrl?: string;
}

/**
 * A source connector (Airbyte-style `spec` / `check` / `discover` / `read`).
 *
 * Hosts pass configuration as the user supplied it; the connector validates it against
 * `spec.configSchema`. `check` never throws; `discover` and `read` throw `invalid_input` for an invalid
 * configuration. `read` stops promptly once `context.signal` is aborted.
 */
export interface ConnectorV1<Config = unknown, ConfigInput = Config> {
  readonly apiVersion: 1;
  readonly kind: 'connector';
  /** Unique among connectors in a registry, e.g. `file-upload`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly spec: ConnectorSpecificationV1<Config, ConfigInput>;
  readonly capabilities: ConnectorCapabilitiesV1;
  /** Static catalog; required unless `capabilities.dynamicStreams`. */
  readonly streams?: readonly StreamV1[];
  check(context: PluginContextV1, config: unknown): Promise<ConnectionStatusV1>;
  discover(context: PluginContextV1, config: unknown): Promise<CatalogV1>;
  read(context: PluginContextV1, request: ReadRequestV1<unknown>): AsyncIterable<ConnectorMessageV1>;
}
