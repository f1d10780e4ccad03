import { type Kysely, sql } from 'kysely';

const up = [
  // Sealed secret fields of the connector config (core's `encryptSecret`: AES-256-GCM bound to tenant, data
  // source and field), by field name. Kept apart from `config` so reading a configuration never touches them and
  // key rotation rewrites this column only.
  `alter table data_sources add column secrets jsonb not null default '{}'
     constraint data_sources_secrets_object check (jsonb_typeof(secrets) = 'object')`,
  'alter table data_sources add column updated_at timestamptz not null default now()',
];

const down = [
  'alter table data_sources drop column updated_at',
  'alter table data_sources drop column secrets',
];

/**
 * Data sources get `secrets` (sealed secret config fields by name) and `updated_at`. Adding columns keeps the
 * table's row-level security, policies and grants as they were.
 */
export const dataSourceSecretsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await sql.raw(statement).execute(db);
  },
};
