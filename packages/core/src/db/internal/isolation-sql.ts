import { appRole, tenantSetting } from '../app-role.js';

/**
 * The tenant of the current transaction, or NULL when none is set. `nullif` matters: after a transaction-local
 * `set_config` ends, the setting reads `''` (not NULL) for the rest of the session, and `''::uuid` would raise.
 * The sub-select makes PostgreSQL evaluate it once per statement (an InitPlan), not once per row.
 */
export const currentTenantSql = `(select nullif(current_setting('${tenantSetting}', true), '')::uuid)`;

/**
 * Statements that enable and force row-level security on `table` with one policy for every command, and grant
 * the app role `privileges` on it. FORCE makes the owner subject to the policy as well; with no tenant set,
 * the policy matches no row (fail closed).
 */
export function isolateTable(table: string, privileges: string, tenantColumn = 'tenant_id'): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy tenant_isolation on ${table} using (${tenantColumn} = ${currentTenantSql}) with check (${tenantColumn} = ${currentTenantSql})`,
    `revoke all on ${table} from public`,
    `grant ${privileges} on ${table} to ${appRole}`,
  ];
}

/** Statements that force row-level security on a partition the app role cannot reach directly (defence in depth). */
export function isolatePartition(partition: string): string[] {
  return [
    `alter table ${partition} enable row level security`,
    `alter table ${partition} force row level security`,
    `create policy tenant_isolation on ${partition} using (tenant_id = ${currentTenantSql}) with check (tenant_id = ${currentTenantSql})`,
    `revoke all on ${partition} from public`,
  ];
}
