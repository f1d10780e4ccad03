import { type Kysely, sql } from 'kysely';
import { isolateTable } from '../internal/isolation-sql.js';

const up = [
  // One pending OAuth authorisation: created by an admin's "connect", consumed (deleted) by the provider's
  // callback. `secret_hash` is the SHA-256 of the random half of the `state` value (the state itself is never
  // stored, so a database reader cannot complete a pending flow); the PKCE verifier is sealed with the secrets
  // keyring. Rows expire after minutes; the callback refuses expired ones and deletes them.
  `create table oauth_states (
    tenant_id uuid not null references tenants (id),
    id uuid not null,
    data_source_id uuid not null,
    subject text not null,
    secret_hash text not null,
    code_verifier text not null,
    redirect_uri text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, data_source_id) references data_sources (tenant_id, id) on delete cascade
  )`,
  ...isolateTable('oauth_states', 'select, insert, delete'),
];

/** Pending OAuth2 authorisations of data sources (state, sealed PKCE verifier, the admin who started it). */
export const oauthStatesMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await sql.raw(statement).execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql.raw('drop table if exists oauth_states').execute(db);
  },
};
