import { type Kysely, sql } from 'kysely';
import { appRole } from '../app-role.js';

// GDPR erasure (`eraseTenant`): the app may delete its own tenant row (the policy on `tenants` limits it to the
// transaction's tenant), and the audit log follows its tenant through ON DELETE CASCADE. The log stays
// append-only otherwise: UPDATE and TRUNCATE are refused as before, and a DELETE statement is refused unless a
// trigger issued it (trigger depth >= 2: the cascade from `tenants`), and then row by row only for a tenant that
// no longer exists. The app role still holds no DELETE privilege on `audit_log`: the cascade runs as the owner.
const up = [
  'alter table audit_log drop constraint audit_log_tenant_id_fkey',
  `alter table audit_log add constraint audit_log_tenant_id_fkey
     foreign key (tenant_id) references tenants (id) on delete cascade`,
  'drop trigger audit_log_append_only on audit_log',
  `create trigger audit_log_append_only before update or truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  `create function audit_log_delete_by_erasure_only() returns trigger language plpgsql security invoker
     set search_path = pg_catalog as $$
   begin
     if pg_catalog.pg_trigger_depth() < 2 then
       raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
     end if;
     return null;
   end $$`,
  `create function audit_log_row_delete_by_erasure_only() returns trigger language plpgsql security invoker
     set search_path = pg_catalog as $$
   begin
     if exists (select 1 from public.tenants where id = old.tenant_id) then
       raise exception 'audit_log is append-only: rows are deleted only with their tenant'
         using errcode = 'insufficient_privilege';
     end if;
     return old;
   end $$`,
  'revoke all on function audit_log_delete_by_erasure_only() from public',
  'revoke all on function audit_log_row_delete_by_erasure_only() from public',
  `create trigger audit_log_delete_by_erasure_only before delete on audit_log
     for each statement execute function audit_log_delete_by_erasure_only()`,
  `create trigger audit_log_row_delete_by_erasure_only before delete on audit_log
     for each row execute function audit_log_row_delete_by_erasure_only()`,
  `grant delete on tenants to ${appRole}`,
];

const down = [
  `revoke delete on tenants from ${appRole}`,
  'drop trigger audit_log_row_delete_by_erasure_only on audit_log',
  'drop trigger audit_log_delete_by_erasure_only on audit_log',
  'drop function audit_log_row_delete_by_erasure_only()',
  'drop function audit_log_delete_by_erasure_only()',
  'drop trigger audit_log_append_only on audit_log',
  `create trigger audit_log_append_only before update or delete or truncate on audit_log
     for each statement execute function audit_log_append_only()`,
  'alter table audit_log drop constraint audit_log_tenant_id_fkey',
  'alter table audit_log add constraint audit_log_tenant_id_fkey foreign key (tenant_id) references tenants (id)',
];

/** Lets a tenant erase itself (GDPR) while the audit log stays append-only for everything else. */
export const tenantErasureMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
