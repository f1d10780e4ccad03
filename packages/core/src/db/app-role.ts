/**
 * The NOLOGIN group role the API runs as. Migrations create it with table privileges only (no ownership,
 * no BYPASSRLS); an operator gives the API a login role in it (`CREATE ROLE api LOGIN ... IN ROLE dyocense_app`).
 */
export const appRole = 'dyocense_app';

/** The transaction-local setting every row-level security policy compares `tenant_id` with. */
export const tenantSetting = 'app.tenant_id';
