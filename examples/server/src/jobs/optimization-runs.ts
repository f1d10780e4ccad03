import type { DyocenseSchema } from '@dyocense/core/db';
import { sql, type Transaction } from 'kysely';
import type { OptimizationKind, SerializedError } from './job-task.js';
import { maxTimeLimitSeconds } from './optimization-request.js';

/** Life cycle of an optimisation run as the API shows it (the values of `optimization_runs.status`). */
export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/** One of {@link runStatuses}. */
export type RunStatus = (typeof runStatuses)[number];

/** True once a run can change no more. */
export function isFinal(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** Seconds a run may overrun its time limit before its runner stops it (an engine phase that ignores its limit). */
export const overrunGraceSeconds = 30;

/**
 * Seconds past its time limit and {@link overrunGraceSeconds} after which a run still `running` is taken as
 * interrupted: its runner would have ended it by then, so the process that ran it is gone. The margin covers the
 * runner recording its own overrun and clock skew between servers.
 */
export const interruptedMarginSeconds = 30;

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

type Trx = Transaction<DyocenseSchema>;

interface RunRow {
  id: string;
  kind: OptimizationKind;
  status: RunStatus;
  created_at: Date;
  finished_at: Date | null;
  input?: unknown;
  result?: unknown;
  error?: unknown;
}

function toView(row: RunRow, detailed: boolean): RunView {
  const view: RunView = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
  if (!detailed) return view;
  const request = row.input as { input?: unknown; options?: unknown };
  return {
    ...view,
    input: request.input,
    options: request.options,
    ...(row.status === 'succeeded' ? { result: row.result } : {}),
    ...(row.error === null || row.error === undefined ? {} : { error: row.error as SerializedError }),
  };
}

const summaryColumns = ['id', 'kind', 'status', 'created_at', 'finished_at'] as const;
const detailColumns = [...summaryColumns, 'input', 'result', 'error'] as const;

/** Stores a new queued run with the time limit (seconds) its engine will get. */
export async function insertRun(
  trx: Trx,
  tenantId: string,
  run: { kind: OptimizationKind; input: unknown; options: unknown; timeLimitSeconds: number },
): Promise<RunView> {
  const row = await trx
    .insertInto('optimization_runs')
    .values({
      tenant_id: tenantId,
      kind: run.kind,
      status: 'queued',
      input: JSON.stringify({ input: run.input, options: run.options }),
      time_limit_seconds: run.timeLimitSeconds,
    })
    .returning(detailColumns)
    .executeTakeFirstOrThrow();
  return toView(row, true);
}

/** Marks a queued run running from now; false when it is no longer queued (cancelled meanwhile). */
export async function markRunning(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const updated = await trx
    .updateTable('optimization_runs')
    .set({ status: 'running', started_at: sql<Date>`now()` })
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
  const error: SerializedError | null =
    outcome.status === 'succeeded'
      ? null
      : outcome.status === 'failed'
        ? outcome.error
        : { code: 'cancelled', message: outcome.message, issues: [] };
  await trx
    .updateTable('optimization_runs')
    .set({
      status: outcome.status,
      result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result) : null,
      error: error === null ? null : JSON.stringify(error),
      finished_at: new Date(),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return readRun(trx, tenantId, id);
}

/**
 * Records as `failed` (code `interrupted`) the tenant's runs still `running` well past their time limit (see
 * {@link interruptedMarginSeconds}): the process running them stopped (a crash) without recording an outcome.
 * Runs from before the time limit was stored count with the longest limit a run may have, and from their
 * creation when their start is unknown. Runs still `queued` are left alone: nothing bounds how long they wait.
 * Tenant-scoped on purpose (row-level security allows no cross-tenant sweep), so reads call it.
 */
export async function recordInterruptedRuns(trx: Trx, tenantId: string): Promise<void> {
  const error: SerializedError = {
    code: 'interrupted',
    message:
      'The run was interrupted: the server running it stopped before it finished. Submit it again to retry',
    issues: [],
  };
  await trx
    .updateTable('optimization_runs')
    .set({ status: 'failed', error: JSON.stringify(error), finished_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'running')
    .where(
      sql<boolean>`coalesce(started_at, created_at) + make_interval(secs =>
        coalesce(time_limit_seconds, ${maxTimeLimitSeconds}) + ${overrunGraceSeconds + interruptedMarginSeconds})
        < now()`,
    )
    .execute();
}

/** One run with its input and result or error; undefined when missing (or another tenant's). */
export async function readRun(trx: Trx, tenantId: string, id: string): Promise<RunView | undefined> {
  await recordInterruptedRuns(trx, tenantId);
  const row = await trx
    .selectFrom('optimization_runs')
    .select(detailColumns)
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
  await recordInterruptedRuns(trx, tenantId);
  let select = trx.selectFrom('optimization_runs').select(summaryColumns).where('tenant_id', '=', tenantId);
  if (filter.kind !== undefined) select = select.where('kind', '=', filter.kind);
  if (filter.status !== undefined) select = select.where('status', '=', filter.status);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map((row) => toView(row, false));
}
