import type { DyocenseSchema } from '@dyocense/core/db';
import { sql, type Transaction } from 'kysely';
import type { OptimizationKind, SerializedError } from './job-task.js';

/** Life cycle of an optimisation run as the API shows it. */
export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** One of {@link runStatuses}. */
export type RunStatus = (typeof runStatuses)[number];

/** True once a run can change no more. */
export function isFinal(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** An optimisation run as the API answers it. */
export interface RunView {
  readonly id: string;
  readonly kind: OptimizationKind;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly input?: unknown;
  readonly options?: unknown;
  /** The engine's result; present when `status` is `succeeded`. */
  readonly result?: unknown;
  /** Why the run failed or was cancelled. */
  readonly error?: SerializedError;
}

// The 0001 schema allows only queued/running/succeeded/failed: a cancelled run is stored as `failed` with this
// error code in `result`, and shown as `cancelled`.
const cancelledCode = 'cancelled';

type Trx = Transaction<DyocenseSchema>;

interface RunRow {
  id: string;
  kind: OptimizationKind;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  created_at: Date;
  finished_at: Date | null;
  error_code: string | null;
  input?: unknown;
  result?: unknown;
}

function toView(row: RunRow, detailed: boolean): RunView {
  const status: RunStatus =
    row.status === 'failed' && row.error_code === cancelledCode ? 'cancelled' : row.status;
  const view: RunView = {
    id: row.id,
    kind: row.kind,
    status,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
  if (!detailed) return view;
  const request = row.input as { input?: unknown; options?: unknown };
  const stored = row.result as { error?: SerializedError } | null;
  return {
    ...view,
    input: request.input,
    options: request.options,
    ...(row.status === 'succeeded' ? { result: row.result } : {}),
    ...(stored?.error === undefined || row.status === 'succeeded' ? {} : { error: stored.error }),
  };
}

const errorCode = sql<string | null>`result -> 'error' ->> 'code'`.as('error_code');
const summaryColumns = ['id', 'kind', 'status', 'created_at', 'finished_at', errorCode] as const;

/** Stores a new queued run. */
export async function insertRun(
  trx: Trx,
  tenantId: string,
  run: { kind: OptimizationKind; input: unknown; options: unknown },
): Promise<RunView> {
  const row = await trx
    .insertInto('optimization_runs')
    .values({
      tenant_id: tenantId,
      kind: run.kind,
      status: 'queued',
      input: JSON.stringify({ input: run.input, options: run.options }),
    })
    .returning([...summaryColumns, 'input', 'result'])
    .executeTakeFirstOrThrow();
  return toView(row, true);
}

/** Marks a queued run running; false when it is no longer queued (cancelled meanwhile). */
export async function markRunning(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const updated = await trx
    .updateTable('optimization_runs')
    .set({ status: 'running' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** How a run ended. */
export type RunOutcome =
  | { readonly status: 'succeeded'; readonly result: unknown }
  | { readonly status: 'failed'; readonly error: SerializedError }
  | { readonly status: 'cancelled'; readonly message: string };

/**
 * Records how an unfinished run ended; a run already finished is left alone (a cancel and a result may race).
 * Returns the run as stored afterwards, or undefined when it does not exist.
 */
export async function finishRun(
  trx: Trx,
  tenantId: string,
  id: string,
  outcome: RunOutcome,
): Promise<RunView | undefined> {
  const result =
    outcome.status === 'succeeded'
      ? outcome.result
      : {
          error:
            outcome.status === 'failed'
              ? outcome.error
              : { code: cancelledCode, message: outcome.message, issues: [] },
        };
  await trx
    .updateTable('optimization_runs')
    .set({
      status: outcome.status === 'succeeded' ? 'succeeded' : 'failed',
      result: JSON.stringify(result),
      finished_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return readRun(trx, tenantId, id);
}

/** One run with its input and result or error; undefined when missing (or another tenant's). */
export async function readRun(trx: Trx, tenantId: string, id: string): Promise<RunView | undefined> {
  const row = await trx
    .selectFrom('optimization_runs')
    .select([...summaryColumns, 'input', 'result'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toView(row, true);
}

/** The tenant's runs, newest first, without inputs and results. */
export async function listRuns(
  trx: Trx,
  tenantId: string,
  filter: { kind?: OptimizationKind | undefined; status?: RunStatus | undefined; limit: number },
): Promise<RunView[]> {
  let select = trx.selectFrom('optimization_runs').select(summaryColumns).where('tenant_id', '=', tenantId);
  if (filter.kind !== undefined) select = select.where('kind', '=', filter.kind);
  if (filter.status === 'cancelled') {
    select = select
      .where('status', '=', 'failed')
      .where(sql<boolean>`result -> 'error' ->> 'code' = ${cancelledCode}`);
  } else if (filter.status === 'failed') {
    select = select
      .where('status', '=', 'failed')
      .where(sql<boolean>`result -> 'error' ->> 'code' is distinct from ${cancelledCode}`);
  } else if (filter.status !== undefined) {
    select = select.where('status', '=', filter.status);
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map((row) => toView(row, false));
}
