import { randomUUID } from 'node:crypto';
import { DyocenseError, parseInput } from '@dyocense/core';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { SecretKeyring } from '@dyocense/core/secrets';
import type { Kysely, Transaction } from 'kysely';
import { notFound } from '../http-error.js';
import type { SyncMapping } from '../jobs/sync-mapping.js';
import { audit } from '../metric-store.js';
import { isUuid } from '../routes/common.js';
import type { ConnectorCatalog, ServerConnector } from './connector-catalog.js';
import {
  type DataSourceBinding,
  maskedConfig,
  openSecrets,
  sealSecrets,
  secretMask,
  splitSecrets,
} from './data-source-secrets.js';

/** A data source as the API shows it: secrets masked, with a flag per declared secret field. */
export interface DataSourceView {
  readonly id: string;
  readonly connectorId: string;
  readonly name: string;
  /** Plain fields as stored; each stored secret reads `***`. */
  readonly config: Record<string, unknown>;
  /** Every secret field the connector declares (and any stored), `true` when a value is stored. */
  readonly secrets: Record<string, boolean>;
  /** When scheduled syncs run; null: manual syncs only. */
  readonly schedule: SyncSchedule | null;
  /** Which record fields become which metric points; null: not set (a sync fails until it is). */
  readonly mapping: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A validated sync schedule (`syncScheduleSchema`): a cron expression in an IANA time zone. */
export interface SyncSchedule {
  readonly cron: string;
  readonly timezone: string;
}

/** The sync settings a create or PATCH may give; `null` in a PATCH removes one. */
export interface SyncSettings {
  readonly schedule?: SyncSchedule | null | undefined;
  readonly mapping?: SyncMapping | null | undefined;
}

/** What every operation needs: the database, the connectors and the keys. */
export interface DataSourceDependencies {
  readonly db: Kysely<DyocenseSchema>;
  readonly connectors: ConnectorCatalog;
  readonly keyring: SecretKeyring | undefined;
}

/** Who acts, for row-level security and the audit log. */
export interface Actor {
  readonly tenantId: string;
  readonly subject: string;
}

interface DataSourceRow {
  id: string;
  connector_id: string;
  name: string;
  config: unknown;
  secrets: Record<string, string>;
  sync_schedule: string | null;
  sync_timezone: string;
  sync_mapping: unknown;
  created_at: Date;
  updated_at: Date;
}

const columns = [
  'id',
  'connector_id',
  'name',
  'config',
  'secrets',
  'sync_schedule',
  'sync_timezone',
  'sync_mapping',
  'created_at',
  'updated_at',
] as const;

/** The columns a create or PATCH writes for `settings` (absent settings leave their columns alone). */
function syncColumns(settings: SyncSettings) {
  return {
    ...(settings.schedule === undefined
      ? {}
      : {
          sync_schedule: settings.schedule?.cron ?? null,
          ...(settings.schedule === null ? {} : { sync_timezone: settings.schedule.timezone }),
        }),
    ...(settings.mapping === undefined
      ? {}
      : { sync_mapping: settings.mapping === null ? null : JSON.stringify(settings.mapping) }),
  };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toView(row: DataSourceRow, connectors: ConnectorCatalog): DataSourceView {
  const declared = connectors.get(row.connector_id)?.spec.secretFields ?? [];
  const fields = [...new Set([...declared, ...Object.keys(row.secrets)])];
  return {
    id: row.id,
    connectorId: row.connector_id,
    name: row.name,
    config: maskedConfig(asObject(row.config), row.secrets),
    secrets: Object.fromEntries(fields.map((field) => [field, field in row.secrets])),
    schedule: row.sync_schedule === null ? null : { cron: row.sync_schedule, timezone: row.sync_timezone },
    mapping: row.sync_mapping ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function connectorOf(connectors: ConnectorCatalog, id: string): ServerConnector {
  const connector = connectors.get(id);
  if (connector !== undefined) return connector;
  throw new DyocenseError({
    code: 'invalid_input',
    message: `Unknown connector "${id}"; installed: ${
      connectors
        .list()
        .map((item) => item.id)
        .join(', ') || 'none'
    }`,
    issues: [{ path: ['connectorId'], code: 'unknown_connector', message: 'no such connector' }],
  });
}

/**
 * Validates a whole configuration with the connector's schema; messages name fields, never secret values. A field
 * the schema does not know is refused rather than dropped: a misspelt secret field (`apikey`) would otherwise be
 * stored, and shown, in plain text.
 */
function validateConfig(connector: ServerConnector, config: Record<string, unknown>): void {
  let parsed: unknown;
  try {
    parsed = parseInput(connector.spec.configSchema, config, `${connector.id} configuration`);
  } catch (error) {
    // zod may quote a refused value (an enum, a literal): keep paths and codes, drop messages of secret fields.
    if (!DyocenseError.isInstance(error)) throw error;
    const secretFields = connector.spec.secretFields;
    const issues = error.issues.map((issue) => ({
      ...issue,
      path: ['config', ...issue.path],
      ...(secretFields.includes(String(issue.path[0])) ? { message: 'invalid value' } : {}),
    }));
    const first = issues[0];
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid ${connector.id} configuration${first ? `: ${first.path.map(String).join('.')}: ${first.message}` : ''}`,
      issues,
    });
  }
  const known = asObject(parsed);
  const unknown = Object.keys(config).filter((field) => !(field in known));
  if (unknown.length > 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid ${connector.id} configuration: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
      issues: unknown.map((field) => ({
        path: ['config', field],
        code: 'unrecognized_keys',
        message: `not a ${connector.id} configuration field`,
      })),
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = current.cause;
  }
  return false;
}

function nameTaken(name: string): DyocenseError {
  return new DyocenseError({
    code: 'conflict',
    message: `A data source named "${name}" already exists`,
    issues: [{ path: ['name'], code: 'duplicate_name', message: 'already used by another data source' }],
  });
}

async function withUniqueName<T>(name: string | undefined, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/**
 * Creates a data source: validates `config` with the connector's schema, seals its secret fields (bound to tenant,
 * data source and field), and stores it with a `data_sources.create` audit entry in one transaction.
 *
 * @throws DyocenseError `invalid_input` (unknown connector, invalid config, secrets without a server key),
 *   `conflict` (name taken).
 */
export async function createDataSource(
  dependencies: DataSourceDependencies,
  actor: Actor,
  input: { connectorId: string; name: string; config: Record<string, unknown> } & SyncSettings,
): Promise<DataSourceView> {
  const connector = connectorOf(dependencies.connectors, input.connectorId);
  validateConfig(connector, input.config);
  const id = randomUUID();
  const { plain, secrets } = splitSecrets(input.config, connector.spec.secretFields);
  const sealed = sealSecrets(dependencies.keyring, secrets, { tenantId: actor.tenantId, dataSourceId: id });
  const row = await withUniqueName(input.name, () =>
    withTenant(dependencies.db, actor.tenantId, async (trx) => {
      const inserted = (await trx
        .insertInto('data_sources')
        .values({
          tenant_id: actor.tenantId,
          id,
          connector_id: connector.id,
          name: input.name,
          config: JSON.stringify(plain),
          secrets: JSON.stringify(sealed),
          ...syncColumns(input),
        })
        .returning(columns)
        .executeTakeFirstOrThrow()) as DataSourceRow;
      await audit(trx, actor.tenantId, {
        action: 'data_sources.create',
        subject: actor.subject,
        targetType: 'data_source',
        targetId: id,
        detail: {
          connectorId: connector.id,
          name: input.name,
          secretFields: Object.keys(sealed),
          ...(input.schedule ? { schedule: input.schedule } : {}),
          ...(input.mapping ? { mappingSet: true } : {}),
        },
      });
      return inserted;
    }),
  );
  return toView(row, dependencies.connectors);
}

async function findRow(
  trx: Transaction<DyocenseSchema>,
  tenantId: string,
  id: string,
  lock: boolean,
): Promise<DataSourceRow | undefined> {
  if (!isUuid(id)) return undefined;
  const query = trx
    .selectFrom('data_sources')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id.toLowerCase());
  return (await (lock ? query.forUpdate() : query).executeTakeFirst()) as DataSourceRow | undefined;
}

/** Lists the tenant's data sources, oldest first, secrets masked. */
export async function listDataSources(
  dependencies: DataSourceDependencies,
  tenantId: string,
  limit: number,
): Promise<DataSourceView[]> {
  const rows = (await withTenant(dependencies.db, tenantId, (trx) =>
    trx
      .selectFrom('data_sources')
      .select(columns)
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute(),
  )) as DataSourceRow[];
  return rows.map((row) => toView(row, dependencies.connectors));
}

/** One data source, secrets masked. @throws DyocenseError `not_found` (missing, or another tenant's). */
export async function getDataSource(
  dependencies: DataSourceDependencies,
  tenantId: string,
  id: string,
): Promise<DataSourceView> {
  const row = await withTenant(dependencies.db, tenantId, (trx) => findRow(trx, tenantId, id, false));
  if (row === undefined) throw notFound('data source');
  return toView(row, dependencies.connectors);
}

/** A PATCH: a new name, a JSON merge patch of the configuration's top-level fields, and sync settings. */
export interface DataSourcePatch extends SyncSettings {
  readonly name?: string | undefined;
  /** Fields to set; `null` removes a field; a secret field sent as `***` keeps its stored value. */
  readonly config?: Record<string, unknown> | undefined;
}

/**
 * Changes a data source's name and/or configuration (merge-patch on top-level fields), re-validates the merged
 * configuration, seals changed secrets afresh, and records `data_sources.update` with the changed field names
 * (never values), in one transaction.
 *
 * @throws DyocenseError `not_found`, `invalid_input`, `conflict` (name taken).
 */
export async function updateDataSource(
  dependencies: DataSourceDependencies,
  actor: Actor,
  id: string,
  patch: DataSourcePatch,
): Promise<DataSourceView> {
  const row = await withUniqueName(patch.name, () =>
    withTenant(dependencies.db, actor.tenantId, async (trx) => {
      const current = await findRow(trx, actor.tenantId, id, true);
      if (current === undefined) throw notFound('data source');
      const connector = connectorOf(dependencies.connectors, current.connector_id);
      const binding: DataSourceBinding = { tenantId: actor.tenantId, dataSourceId: current.id };
      const plain = { ...asObject(current.config) };
      const sealed = { ...current.secrets };
      const changedSecrets: Record<string, unknown> = {};
      const changed: string[] = [];
      for (const [field, value] of Object.entries(patch.config ?? {})) {
        const isSecret = connector.spec.secretFields.includes(field);
        if (isSecret && value === secretMask) continue;
        changed.push(field);
        if (value === null) {
          delete plain[field];
          delete sealed[field];
        } else if (isSecret) {
          changedSecrets[field] = value;
        } else {
          plain[field] = value;
        }
      }
      if (changed.length > 0) {
        // The full configuration is validated, so stored secrets are opened (the schema may require them).
        const kept = Object.fromEntries(
          Object.entries(sealed).filter(([field]) => !(field in changedSecrets)),
        );
        const merged = { ...plain, ...openSecrets(dependencies.keyring, kept, binding), ...changedSecrets };
        validateConfig(connector, merged);
        Object.assign(sealed, sealSecrets(dependencies.keyring, changedSecrets, binding));
      }
      const updated = (await trx
        .updateTable('data_sources')
        .set({
          ...(patch.name === undefined ? {} : { name: patch.name }),
          config: JSON.stringify(plain),
          secrets: JSON.stringify(sealed),
          ...syncColumns(patch),
          updated_at: new Date(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', current.id)
        .returning(columns)
        .executeTakeFirstOrThrow()) as DataSourceRow;
      await audit(trx, actor.tenantId, {
        action: 'data_sources.update',
        subject: actor.subject,
        targetType: 'data_source',
        targetId: current.id,
        detail: {
          ...(patch.name === undefined ? {} : { name: patch.name, previousName: current.name }),
          changedFields: changed,
          // The schedule is no secret; a mapping can be long, so only the fact it changed is kept.
          ...(patch.schedule === undefined ? {} : { schedule: patch.schedule }),
          ...(patch.mapping === undefined ? {} : { mappingChanged: true }),
        },
      });
      return updated;
    }),
  );
  return toView(row, dependencies.connectors);
}

/**
 * Deletes a data source with its sync runs and records `data_sources.delete`, in one transaction.
 *
 * @throws DyocenseError `not_found` (missing, or another tenant's).
 */
export async function deleteDataSource(
  dependencies: DataSourceDependencies,
  actor: Actor,
  id: string,
): Promise<void> {
  await withTenant(dependencies.db, actor.tenantId, async (trx) => {
    const current = await findRow(trx, actor.tenantId, id, true);
    if (current === undefined) throw notFound('data source');
    const runs = await trx
      .deleteFrom('sync_runs')
      .where('tenant_id', '=', actor.tenantId)
      .where('data_source_id', '=', current.id)
      .executeTakeFirst();
    await trx
      .deleteFrom('data_sources')
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', current.id)
      .execute();
    await audit(trx, actor.tenantId, {
      action: 'data_sources.delete',
      subject: actor.subject,
      targetType: 'data_source',
      targetId: current.id,
      detail: {
        connectorId: current.connector_id,
        name: current.name,
        syncRunsDeleted: Number(runs.numDeletedRows),
      },
    });
  });
}

/**
 * The full configuration of a data source, secrets opened, for a sync inside the caller's tenant transaction
 * (the hook for the sync runner: pass the result to the connector's `check`/`discover`/`read`).
 *
 * @throws DyocenseError `not_found`; `internal` when a stored secret does not open.
 */
export async function readDataSourceConfig(
  trx: Transaction<DyocenseSchema>,
  keyring: SecretKeyring | undefined,
  tenantId: string,
  id: string,
): Promise<{ connectorId: string; name: string; config: Record<string, unknown> }> {
  const row = await findRow(trx, tenantId, id, false);
  if (row === undefined) throw notFound('data source');
  const secrets = openSecrets(keyring, row.secrets, { tenantId, dataSourceId: row.id });
  return { connectorId: row.connector_id, name: row.name, config: { ...asObject(row.config), ...secrets } };
}

/**
 * Replaces one secret field of a data source inside the caller's tenant transaction, sealed afresh under the
 * current key, and records `data_sources.secret_replaced` (field name only). For connectors that rotate their
 * own credentials during a sync, e.g. Salesforce's `onRefreshTokenRotated`: the new refresh token must be kept
 * before the old one stops working.
 *
 * @throws DyocenseError `not_found`; `invalid_input` without a keyring or when `field` is not a declared secret.
 */
export async function replaceDataSourceSecret(
  trx: Transaction<DyocenseSchema>,
  dependencies: Pick<DataSourceDependencies, 'connectors' | 'keyring'>,
  actor: Actor,
  dataSourceId: string,
  field: string,
  value: unknown,
): Promise<void> {
  const row = await findRow(trx, actor.tenantId, dataSourceId, true);
  if (row === undefined) throw notFound('data source');
  const connector = connectorOf(dependencies.connectors, row.connector_id);
  if (!connector.spec.secretFields.includes(field)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `${field} is not a secret field of the ${connector.id} connector`,
    });
  }
  const sealed = sealSecrets(
    dependencies.keyring,
    { [field]: value },
    {
      tenantId: actor.tenantId,
      dataSourceId: row.id,
    },
  );
  await trx
    .updateTable('data_sources')
    .set({ secrets: JSON.stringify({ ...row.secrets, ...sealed }), updated_at: new Date() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', row.id)
    .execute();
  await audit(trx, actor.tenantId, {
    action: 'data_sources.secret_replaced',
    subject: actor.subject,
    targetType: 'data_source',
    targetId: row.id,
    detail: { field },
  });
}
