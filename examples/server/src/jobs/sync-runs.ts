import type { DyocenseSchema, RunStatus, SyncTrigger } from '@dyocense/core/db';
import { sql, type Transaction } from 'kysely';

type Trx = Transaction<DyocenseSchema>;

/** A sync run as the API answers it. */
export interface SyncRunView {
  readonly id: string;
  readonly dataSourceId: string;
  readonly status: RunStatus;
  readonly trigger: SyncTrigger;
  /** Attempts made so far; a failed attempt that will be retried leaves the run `queued` with its `error`. */
  readonly attempts: number;
  /** Records the connector emitted in the last attempt (also on failure: how far it got). */
  readonly rowsRead: number;
  /** Points the successful attempt wrote (0 until then). */
  readonly pointsWritten: number;
  /** Points the successful attempt removed for records deleted at the source. */
  readonly pointsDeleted: number;
  /** Records deleted at the source that the successful attempt could not apply (no record identity mapped). */
  readonly deletionsSkipped: number;
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** True once a sync run can change no more. */
export function isFinalSync(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

const columns = [
  'id',
  'data_source_id',
  'status',
  'trigger',
  'attempts',
  'rows_read',
  'points_written',
  'points_deleted',
  'deletions_skipped',
  'error',
  'started_at',
  'finished_at',
] as const;

interface SyncRunRow {
  id: string;
  data_source_id: string;
  status: RunStatus;
  trigger: SyncTrigger;
  attempts: number;
  rows_read: string;
  points_written: string;
  points_deleted: string;
  deletions_skipped: string;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

function toView(row: SyncRunRow): SyncRunView {
  return {
    id: row.id,
    dataSourceId: row.data_source_id,
    status: row.status,
    trigger: row.trigger,
    attempts: row.attempts,
    rowsRead: Number(row.rows_read),
    pointsWritten: Number(row.points_written),
    pointsDeleted: Number(row.points_deleted),
    deletionsSkipped: Number(row.deletions_skipped),
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Stores a queued run of `dataSourceId` (which must be the tenant's: the foreign key is composite). */
export async function insertSyncRun(
  trx: Trx,
  tenantId: string,
  dataSourceId: string,
  trigger: SyncTrigger,
): Promise<SyncRunView> {
  const row = await trx
    .insertInto('sync_runs')
    .values({ tenant_id: tenantId, data_source_id: dataSourceId, status: 'queued', trigger })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toView(row);
}

/** One run; undefined when missing or another tenant's. */
export async function readSyncRun(trx: Trx, tenantId: string, id: string): Promise<SyncRunView | undefined> {
  const row = await trx
    .selectFrom('sync_runs')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toView(row);
}

/** The tenant's runs, newest first, optionally of one data source. */
export async function listSyncRuns(
  trx: Trx,
  tenantId: string,
  filter: { dataSourceId?: string | undefined; limit: number },
): Promise<SyncRunView[]> {
  let select = trx.selectFrom('sync_runs').select(columns).where('tenant_id', '=', tenantId);
  if (filter.dataSourceId !== undefined) select = select.where('data_source_id', '=', filter.dataSourceId);
  const rows = await select.orderBy('started_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map(toView);
}

/**
 * Starts an attempt: the run becomes `running` with one more attempt. Undefined when the run is missing, another
 * tenant's or already finished, so a stray or repeated job does nothing.
 */
export async function startSyncAttempt(
  trx: Trx,
  tenantId: string,
  id: string,
): Promise<SyncRunView | undefined> {
  const row = await trx
    .updateTable('sync_runs')
    .set({ status: 'running', attempts: sql<number>`attempts + 1`, rows_read: 0 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returning(columns)
    .executeTakeFirst();
  return row === undefined ? undefined : toView(row);
}

/** Records the successful attempt (in the transaction that wrote its points and moved the checkpoint). */
export async function finishSyncRun(
  trx: Trx,
  tenantId: string,
  id: string,
  counts: { rowsRead: number; pointsWritten: number; pointsDeleted: number; deletionsSkipped: number },
): Promise<SyncRunView> {
  const row = await trx
    .updateTable('sync_runs')
    .set({
      status: 'succeeded',
      rows_read: counts.rowsRead,
      points_written: counts.pointsWritten,
      points_deleted: counts.pointsDeleted,
      deletions_skipped: counts.deletionsSkipped,
      error: null,
      finished_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toView(row);
}

/**
 * Records a failed attempt: `failed` when it was the last one, otherwise back to `queued` (a retry follows), with
 * the error text and how many records it read before failing.
 */
export async function recordSyncFailure(
  trx: Trx,
  tenantId: string,
  id: string,
  failure: { error: string; rowsRead: number; final: boolean },
): Promise<SyncRunView | undefined> {
  const row = await trx
    .updateTable('sync_runs')
    .set({
      status: failure.final ? 'failed' : 'queued',
      error: failure.error.slice(0, 4_000),
      rows_read: failure.rowsRead,
      finished_at: failure.final ? sql<Date>`now()` : null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returning(columns)
    .executeTakeFirst();
  return row === undefined ? undefined : toView(row);
}
