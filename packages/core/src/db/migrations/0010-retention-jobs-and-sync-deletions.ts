import { type Kysely, sql } from 'kysely';
import { appRole } from '../app-role.js';
import { jobsSchema } from './0008-sync-jobs.js';

const up = [
  // The tenants the daily retention job visits: those with a policy. Like `sync_schedules`, ids only and no
  // row-level security (the job must see every tenant; the app role cannot list `retention_policies` across
  // tenants), kept by a trigger from `retention_policies` so any writer of the policy keeps it right. The job
  // applies each policy inside `withTenant` of that tenant, so a stray id finds no policy and archives nothing.
  `create table ${jobsSchema}.retention_tenants (
    tenant_id uuid primary key,
    updated_at timestamptz not null default now()
  )`,
  `revoke all on ${jobsSchema}.retention_tenants from public`,
  `grant select, insert, update, delete on ${jobsSchema}.retention_tenants to ${appRole}`,
  // SECURITY INVOKER, as `keep_sync_schedule`: it copies only the row's own tenant id, which RLS already checked.
  `create function ${jobsSchema}.keep_retention_tenant() returns trigger language plpgsql security invoker
     set search_path = pg_catalog as $$
   begin
     if tg_op = 'DELETE' then
       delete from ${jobsSchema}.retention_tenants r where r.tenant_id = old.tenant_id;
       return old;
     end if;
     insert into ${jobsSchema}.retention_tenants as r (tenant_id) values (new.tenant_id)
       on conflict (tenant_id) do update set updated_at = now();
     return new;
   end $$`,
  `revoke all on function ${jobsSchema}.keep_retention_tenant() from public`,
  `create trigger retention_policies_keep_retention_tenant
     after insert or update or delete on retention_policies
     for each row execute function ${jobsSchema}.keep_retention_tenant()`,
  // Policies set before this migration. The owner is subject to the forced policy and no tenant is set, so
  // forcing is lifted for this transaction only (as 0002 does for its backfill).
  'alter table retention_policies no force row level security',
  `insert into ${jobsSchema}.retention_tenants (tenant_id) select tenant_id from retention_policies
     on conflict (tenant_id) do nothing`,
  'alter table retention_policies force row level security',

  // A sync applies the source's deletions: points it removed, and deleted records it could not apply (their
  // stream's mapping does not carry the record's identity).
  'alter table sync_runs add column points_deleted bigint not null default 0',
  'alter table sync_runs add column deletions_skipped bigint not null default 0',
];

const down = [
  'alter table sync_runs drop column deletions_skipped',
  'alter table sync_runs drop column points_deleted',
  'drop trigger if exists retention_policies_keep_retention_tenant on retention_policies',
  `drop function if exists ${jobsSchema}.keep_retention_tenant()`,
  `drop table if exists ${jobsSchema}.retention_tenants`,
];

/** The tenants the retention job visits (`dyocense_jobs.retention_tenants`); deletion counts of sync runs. */
export const retentionJobsAndSyncDeletionsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
