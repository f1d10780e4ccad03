import { DyocenseError } from '@dyocense/core';
import type { DyocenseSchema } from '@dyocense/core/db';
import type { Transaction } from 'kysely';

/** What a sync needs of a `data_sources` row. */
export interface SyncSource {
  readonly id: string;
  readonly connectorId: string;
  /** Plain configuration fields. */
  readonly config: Record<string, unknown>;
  /** Sealed secret fields by name (opened only by the sync that uses them). */
  readonly sealedSecrets: Record<string, string>;
  readonly mapping: unknown;
  /** Connector state of the last successful sync. */
  readonly state: Record<string, unknown>;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Reads the tenant's data source for a sync, locking the row so two syncs of one source run one after the other
 * (the second then resumes from the first one's checkpoint instead of re-reading the same records).
 *
 * @throws DyocenseError `not_found` when it is missing or another tenant's (row-level security hides it).
 */
export async function readSyncSource(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  id: string,
): Promise<SyncSource> {
  const row = await trx
    .selectFrom('data_sources')
    .select(['id', 'connector_id', 'config', 'secrets', 'sync_mapping', 'sync_state'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) {
    throw new DyocenseError({ code: 'not_found', message: 'The data source does not exist' });
  }
  return {
    id: row.id,
    connectorId: row.connector_id,
    config: asObject(row.config),
    sealedSecrets: asObject(row.secrets) as Record<string, string>,
    mapping: row.sync_mapping,
    state: asObject(row.sync_state),
  };
}

/** Stores the connector state the sync ended with, in the sync's own transaction. */
export async function saveSyncState(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  id: string,
  state: Readonly<Record<string, unknown>>,
): Promise<void> {
  await trx
    .updateTable('data_sources')
    .set({ sync_state: JSON.stringify(state) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
