import { DyocenseError } from '@dyocense/core';
import {
  type DyocenseSchema,
  deleteMetricPointsByDimension,
  insertMetricPoints,
  type MetricPointInput,
  withTenant,
} from '@dyocense/core/db';
import { createPluginContext, type PluginContextV1, type PluginLoggerV1 } from '@dyocense/core/plugin';
import type { SecretKeyring } from '@dyocense/core/secrets';
import type { Kysely, Transaction } from 'kysely';
import type { ConnectorCatalog, ServerConnector } from '../data-sources/connector-catalog.js';
import { openSecrets } from '../data-sources/data-source-secrets.js';
import { replaceDataSourceSecret } from '../data-sources/data-source-store.js';
import { collectRotatedSecrets } from '../data-sources/rotated-secrets.js';
import { parseSyncMapping, recordDeletion, recordToPoints, type StreamMapping } from './sync-mapping.js';
import { finishSyncRun, type SyncRunView } from './sync-runs.js';
import { readSyncSource, saveSyncState } from './sync-source.js';

/** How far a sync got; kept outside its transaction so a failure can still report it. */
export interface SyncProgress {
  rowsRead: number;
  pointsWritten: number;
  /** Points removed for deleted source records. */
  pointsDeleted: number;
  /** Deleted source records that could not be applied (their stream's mapping has no `recordIdField`). */
  deletionsSkipped: number;
}

/** Why a sync failed, as the connector (or the mapping) says: decides whether it is retried. */
export class SyncFailure extends DyocenseError {
  /** `config_error` is not retried: the same configuration fails the same way. */
  readonly failureType: 'config_error' | 'system_error' | 'transient_error';

  constructor(message: string, failureType: SyncFailure['failureType']) {
    super({ code: failureType === 'config_error' ? 'invalid_input' : 'internal', message });
    this.failureType = failureType;
  }
}

/**
 * True when retrying cannot help: a configuration, mapping or data problem, points in a month archived by
 * retention, or a source that is gone.
 */
export function isPermanentSyncError(error: unknown): boolean {
  if (error instanceof SyncFailure) return error.failureType === 'config_error';
  if (!DyocenseError.isInstance(error)) return false;
  // Points of a month archived by retention are refused by ingest however often the sync retries.
  if (error.code === 'conflict' && error.details !== undefined && 'archived' in error.details) return true;
  return ['invalid_input', 'not_found', 'forbidden', 'plugin_incompatible'].includes(error.code);
}

/** What {@link runSync} needs besides the run. */
export interface SyncDependencies {
  readonly db: Kysely<DyocenseSchema>;
  readonly connectors: ConnectorCatalog;
  /** Opens the data source's sealed secret fields; undefined: sources with secrets cannot sync. */
  readonly keyring: SecretKeyring | undefined;
  /** The context a connector reads with; default {@link defaultConnectorContext}. */
  readonly contextFor?: (connector: ServerConnector, signal: AbortSignal) => PluginContextV1;
  /** Points written per statement batch (bounds memory on large syncs); default 5,000. */
  readonly batchSize?: number;
}

/**
 * The context connectors get by default: the hosts and secret names their plugin's manifest declares (none for a
 * connector without one), no secret values (a data source's secrets travel in its configuration), the sync's
 * cancellation signal. `extraAllowedHosts` is the operator's, never a tenant's: e.g. a proxy in front of a
 * provider, or `localhost` for the local fixture servers of tests.
 */
export function defaultConnectorContext(
  connector: ServerConnector,
  signal: AbortSignal,
  options: { readonly extraAllowedHosts?: readonly string[]; readonly logger?: PluginLoggerV1 } = {},
): PluginContextV1 {
  const { id, permissions } = connector.plugin ?? {
    id: 'dyocense/sync',
    permissions: { allowedHosts: [], secrets: [] },
  };
  return createPluginContext({
    manifest: {
      id,
      permissions: {
        allowedHosts: [...permissions.allowedHosts, ...(options.extraAllowedHosts ?? [])],
        secrets: permissions.secrets,
      },
    },
    signal,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}

/** Stores the secrets a connector rotated during a sync (Salesforce refresh-token rotation) in `trx`. */
async function storeRotatedSecrets(
  trx: Transaction<DyocenseSchema>,
  dependencies: SyncDependencies,
  tenantId: string,
  dataSourceId: string,
  rotated: ReadonlyMap<string, string>,
): Promise<void> {
  for (const [field, value] of rotated) {
    await replaceDataSourceSecret(
      trx,
      dependencies,
      { tenantId, subject: 'system:sync' },
      dataSourceId,
      field,
      value,
    );
  }
}

function resolveConnector(connectors: ConnectorCatalog, id: string): ServerConnector {
  const connector = connectors.get(id);
  if (connector === undefined) {
    throw new SyncFailure(`No connector "${id}" is installed on this server`, 'config_error');
  }
  return connector;
}

/**
 * Runs one sync attempt of `run` for `tenantId`, as ONE transaction under the tenant's row-level security: reads
 * the data source (locked), resolves its connector, runs `connector.read` from the stored state, maps each record
 * to metric points ({@link recordToPoints}) and writes them with core's `insertMetricPoints` (rollups included),
 * removes the points of deleted records ({@link recordDeletion}; core's `deleteMetricPointsByDimension`) or
 * counts them as skipped when the mapping has no record identity, then saves the connector's last checkpoints and marks the run succeeded. Any failure rolls all of it back:
 * no points, no moved checkpoint, the run untouched (the caller records the failure). `progress` is updated as
 * records arrive, so a caller can report how far a failed attempt got. Secrets the connector rotated on the way
 * (the previous values no longer work) are kept either way: with the sync's points when it commits (so a sync
 * waiting on the row lock reads them), otherwise in their own transaction once it rolled back.
 *
 * @throws SyncFailure for a connector `trace` message or a missing connector; DyocenseError `invalid_input` for a
 *   bad mapping or record, `not_found` for a missing data source; whatever the connector throws.
 */
export async function runSync(
  dependencies: SyncDependencies,
  tenantId: string,
  run: Pick<SyncRunView, 'id' | 'dataSourceId'>,
  options: {
    signal: AbortSignal;
    progress: SyncProgress;
    onProgress?: (progress: SyncProgress) => void;
    /** Called with the metric of every point mapped (for follow-up forecast refreshes). */
    onMetric?: (metric: string) => void;
  },
): Promise<SyncRunView> {
  const { db, connectors } = dependencies;
  const batchSize = dependencies.batchSize ?? 5_000;
  const { progress, signal } = options;
  const rotated = new Map<string, string>();
  let committed = false;
  try {
    const synced = await withTenant(db, tenantId, async (trx) => {
      const source = await readSyncSource(trx, tenantId, run.dataSourceId);
      const mapping = parseSyncMapping(source.mapping);
      const connector = resolveConnector(connectors, source.connectorId);
      const config = {
        ...source.config,
        ...openSecrets(dependencies.keyring, source.sealedSecrets, { tenantId, dataSourceId: source.id }),
      };
      const streams = new Map<string, StreamMapping>(mapping.streams.map((stream) => [stream.name, stream]));
      const catalog = {
        streams: mapping.streams.map((stream) => ({ name: stream.name, syncMode: stream.syncMode })),
      };
      // Full-refresh streams start from nothing; incremental ones from their checkpoint.
      const startState = Object.fromEntries(
        Object.entries(source.state).filter(([name]) => streams.get(name)?.syncMode === 'incremental'),
      );
      const state: Record<string, unknown> = { ...source.state };
      const context = (dependencies.contextFor ?? defaultConnectorContext)(connector, signal);
      collectRotatedSecrets(context, rotated);
      let pending: MetricPointInput[] = [];
      // Deleted records' ids per (metric list, id field), applied in stream order relative to the points: a
      // record deleted after it was written loses its point, one restored after its deletion keeps it.
      let deletions = new Map<string, { metrics: readonly string[]; dimension: string; ids: string[] }>();
      let deletionCount = 0;
      const flushPoints = async () => {
        if (pending.length === 0) return;
        const written = await insertMetricPoints(trx, tenantId, pending, { batchSize });
        progress.pointsWritten += written.inserted + written.updated;
        pending = [];
      };
      const flushDeletions = async () => {
        if (deletionCount === 0) return;
        for (const { metrics, dimension, ids } of deletions.values()) {
          progress.pointsDeleted += await deleteMetricPointsByDimension(trx, tenantId, {
            metrics: [...metrics],
            dimension,
            values: ids,
          });
        }
        deletions = new Map();
        deletionCount = 0;
      };
      const flush = async () => {
        await flushDeletions();
        await flushPoints();
      };
      for await (const message of connector.read(context, {
        config,
        catalog,
        state: startState as never,
      })) {
        if (signal.aborted) throw new SyncFailure('The sync was cancelled', 'transient_error');
        if (message.type === 'record') {
          const stream = streams.get(message.stream);
          if (stream === undefined) continue;
          progress.rowsRead += 1;
          const deletion = recordDeletion(stream, message.data);
          if (deletion === undefined) {
            if (deletionCount > 0) await flushDeletions();
            for (const point of recordToPoints(stream, message.data, progress.rowsRead)) {
              pending.push(point);
              options.onMetric?.(point.metric);
            }
            if (pending.length >= batchSize) await flushPoints();
          } else if (!deletion.apply || stream.recordIdField === undefined) {
            progress.deletionsSkipped += 1;
          } else {
            if (pending.length > 0) await flushPoints();
            const key = `${stream.recordIdField}\u0000${deletion.metrics.join('\u0000')}`;
            const group = deletions.get(key) ?? {
              metrics: deletion.metrics,
              dimension: stream.recordIdField,
              ids: [],
            };
            group.ids.push(deletion.id);
            deletions.set(key, group);
            deletionCount += 1;
            for (const metric of deletion.metrics) options.onMetric?.(metric);
            if (deletionCount >= batchSize) await flushDeletions();
          }
          options.onProgress?.(progress);
        } else if (message.type === 'state') {
          state[message.stream] = message.data;
        } else if (message.type === 'trace') {
          const where = message.error.stream === undefined ? '' : ` (stream "${message.error.stream}")`;
          throw new SyncFailure(`${message.error.message}${where}`, message.error.failureType);
        }
      }
      await flush();
      await saveSyncState(trx, tenantId, source.id, state);
      await storeRotatedSecrets(trx, dependencies, tenantId, source.id, rotated);
      return finishSyncRun(trx, tenantId, run.id, {
        rowsRead: progress.rowsRead,
        pointsWritten: progress.pointsWritten,
        pointsDeleted: progress.pointsDeleted,
        deletionsSkipped: progress.deletionsSkipped,
      });
    });
    committed = true;
    return synced;
  } finally {
    // After the rollback, not during the sync: it holds the row lock (and PGlite's only connection) until it ends.
    if (!committed && rotated.size > 0) {
      await withTenant(db, tenantId, (trx) =>
        storeRotatedSecrets(trx, dependencies, tenantId, run.dataSourceId, rotated),
      );
    }
  }
}
