import { type Kysely, sql } from 'kysely';
import { appRole } from '../app-role.js';

/**
 * Schema of the job machinery's own tables. Not `public`: these tables hold no tenant data (ids, cron text and
 * times only) and have no row-level security, because the scheduler must see every tenant's due schedule; the
 * catalog audit requires RLS on every table the app role reaches in `public`.
 */
export const jobsSchema = 'dyocense_jobs';

const triggers = ['manual', 'schedule'];
const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const up = [
  // A data source's schedule (cron, in its time zone; null: manual syncs only), the field mapping from connector
  // records to metric points, and the connector state (checkpoint) of its last successful sync. The state only
  // moves in the transaction that writes that sync's points, so a failed sync never moves it.
  'alter table data_sources add column sync_schedule text',
  `alter table data_sources add column sync_timezone text not null default 'UTC'`,
  'alter table data_sources add column sync_mapping jsonb',
  `alter table data_sources add column sync_state jsonb not null default '{}'`,

  // Runs: what started them, how many attempts they took (retries), and how many points they wrote.
  `alter table sync_runs add column trigger text not null default 'manual'
     constraint sync_runs_trigger_check check (trigger in (${list(triggers)}))`,
  'alter table sync_runs add column attempts integer not null default 0',
  'alter table sync_runs add column points_written bigint not null default 0',
  'create index sync_runs_source_started on sync_runs (tenant_id, data_source_id, started_at desc)',

  `create schema ${jobsSchema}`,
  `revoke all on schema ${jobsSchema} from public`,
  `grant usage on schema ${jobsSchema} to ${appRole}`,
  // One row per scheduled data source, kept by the trigger below from `data_sources` (so any writer of
  // `data_sources` keeps it right). `next_run_at` null: computed by the next scheduler tick.
  `create table ${jobsSchema}.sync_schedules (
    tenant_id uuid not null,
    data_source_id uuid not null,
    cron text not null,
    timezone text not null,
    next_run_at timestamptz,
    last_error text,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, data_source_id)
  )`,
  `create index sync_schedules_due on ${jobsSchema}.sync_schedules (next_run_at)`,
  `revoke all on ${jobsSchema}.sync_schedules from public`,
  `grant select, insert, update, delete on ${jobsSchema}.sync_schedules to ${appRole}`,
  // SECURITY INVOKER: it runs as whoever writes `data_sources` (the app role inside withTenant), which may write
  // the schedules table; it copies only the row's own tenant id, which RLS already checked on `data_sources`.
  `create function ${jobsSchema}.keep_sync_schedule() returns trigger language plpgsql security invoker
     set search_path = pg_catalog as $$
   begin
     if tg_op = 'DELETE' or new.sync_schedule is null then
       delete from ${jobsSchema}.sync_schedules s
         where s.tenant_id = old.tenant_id and s.data_source_id = old.id;
       if tg_op = 'DELETE' then return old; end if;
       return new;
     end if;
     insert into ${jobsSchema}.sync_schedules as s (tenant_id, data_source_id, cron, timezone, next_run_at)
       values (new.tenant_id, new.id, new.sync_schedule, new.sync_timezone, null)
       on conflict (tenant_id, data_source_id) do update
         set cron = excluded.cron, timezone = excluded.timezone, next_run_at = null, last_error = null,
           updated_at = now()
         where s.cron is distinct from excluded.cron or s.timezone is distinct from excluded.timezone;
     return new;
   end $$`,
  `revoke all on function ${jobsSchema}.keep_sync_schedule() from public`,
  `create trigger data_sources_keep_sync_schedule
     after insert or update of sync_schedule, sync_timezone or delete on data_sources
     for each row execute function ${jobsSchema}.keep_sync_schedule()`,
];

const down = [
  'drop trigger if exists data_sources_keep_sync_schedule on data_sources',
  `drop schema if exists ${jobsSchema} cascade`,
  'drop index if exists sync_runs_source_started',
  'alter table sync_runs drop column points_written',
  'alter table sync_runs drop column attempts',
  'alter table sync_runs drop column trigger',
  'alter table data_sources drop column sync_state',
  'alter table data_sources drop column sync_mapping',
  'alter table data_sources drop column sync_timezone',
  'alter table data_sources drop column sync_schedule',
];

/** Scheduled syncs: schedule, mapping and checkpoint per data source; run trigger and attempts; the schedule table. */
export const syncJobsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
