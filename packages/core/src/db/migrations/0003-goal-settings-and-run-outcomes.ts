import { type Kysely, sql } from 'kysely';

// Values as of this migration (core's goal directions, `grainSchema`, `metricAggregations`): a migration is history,
// so later changes to those lists belong in a later migration, not here.
const comparators = ['increase', 'decrease', 'at_least', 'at_most'];
const grains = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
const aggregations = ['sum', 'avg', 'min', 'max', 'count'];
const statusesBefore = ['queued', 'running', 'succeeded', 'failed'];
const statusesAfter = [...statusesBefore, 'cancelled'];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

// Rows stored before (or after, for down) this migration are rewritten by the owner, who is subject to the forced
// policies too with no tenant set: forcing is lifted for this transaction only, as in 0002 (the app role is never
// exempt: NO FORCE only exempts the table owner).
function withoutForcedRls(table: string, statements: readonly string[]): string[] {
  return [
    `alter table ${table} no force row level security`,
    ...statements,
    `alter table ${table} force row level security`,
  ];
}

const up = [
  // Goals keep how they are judged: direction (comparator), and the bucket and aggregation progress is read with.
  // Defaults match what reads assumed before (day, sum); existing directions are read back from target vs baseline.
  `alter table goals add column comparator text not null default 'increase'
     constraint goals_comparator_check check (comparator in (${list(comparators)}))`,
  `alter table goals add column grain text not null default 'day'
     constraint goals_grain_check check (grain in (${list(grains)}))`,
  `alter table goals add column aggregation text not null default 'sum'
     constraint goals_aggregation_check check (aggregation in (${list(aggregations)}))`,
  ...withoutForcedRls('goals', [
    `update goals set comparator = 'decrease' where baseline_value is not null and target_value < baseline_value`,
  ]),

  // Runs: a real `cancelled` status, when a run started (for crash detection) with its time limit, and the error
  // in its own column instead of `result.error`.
  'alter table optimization_runs drop constraint optimization_runs_status_check',
  `alter table optimization_runs add constraint optimization_runs_status_check
     check (status in (${list(statusesAfter)}))`,
  'alter table optimization_runs add column started_at timestamptz',
  `alter table optimization_runs add column time_limit_seconds double precision
     constraint optimization_runs_time_limit_seconds_check check (time_limit_seconds > 0)`,
  'alter table optimization_runs add column error jsonb',
  ...withoutForcedRls('optimization_runs', [
    `update optimization_runs set error = result -> 'error', result = null,
       status = case when result -> 'error' ->> 'code' = 'cancelled' then 'cancelled' else status end
     where status = 'failed' and result ? 'error'`,
  ]),
];

const down = [
  ...withoutForcedRls('optimization_runs', [
    `update optimization_runs set result = jsonb_build_object('error', error), status = 'failed'
     where status in ('failed', 'cancelled') and error is not null`,
    // A cancelled run without an error (not written by this server) still needs a status 0002 allows.
    `update optimization_runs set status = 'failed',
       result = '{"error":{"code":"cancelled","message":"Cancelled","issues":[]}}'
     where status = 'cancelled'`,
  ]),
  'alter table optimization_runs drop column error',
  'alter table optimization_runs drop column time_limit_seconds',
  'alter table optimization_runs drop column started_at',
  'alter table optimization_runs drop constraint optimization_runs_status_check',
  `alter table optimization_runs add constraint optimization_runs_status_check
     check (status in (${list(statusesBefore)}))`,
  'alter table goals drop column aggregation',
  'alter table goals drop column grain',
  'alter table goals drop column comparator',
];

/**
 * Goals store their comparator, grain and aggregation; optimisation runs get a `cancelled` status and
 * `started_at`, `time_limit_seconds` and `error` columns. Existing rows are carried over (cancelled runs stored
 * as `failed` with `result.error.code = 'cancelled'` become `cancelled`); `down` restores 0002's shape and rows.
 * Adding columns keeps the tables' row-level security, policies and table-level grants as they were.
 */
export const goalSettingsAndRunOutcomesMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
