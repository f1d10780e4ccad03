import { DyocenseError } from '@dyocense/core';
import { createPkcePair } from '@dyocense/core/connectors';
import { type DyocenseSchema, withTenant } from '@dyocense/core/db';
import type { PluginContextV1 } from '@dyocense/core/plugin';
import type { SecretKeyring } from '@dyocense/core/secrets';
import type { Kysely } from 'kysely';
import { notFound } from '../http-error.js';
import { audit } from '../metric-store.js';
import { isUuid } from '../routes/common.js';
import type { ConnectorCatalog, ServerConnector } from './connector-catalog.js';
import { sealSecrets } from './data-source-secrets.js';
import { type Actor, readDataSourceConfig } from './data-source-store.js';
import { oauthProviders } from './oauth-providers.js';
import { consumePendingOAuth, invalidState, savePendingOAuth, tenantOfState } from './oauth-states.js';

/** What the OAuth connect flow needs. */
export interface OAuthConnectDependencies {
  readonly db: Kysely<DyocenseSchema>;
  readonly connectors: ConnectorCatalog;
  readonly keyring: SecretKeyring | undefined;
  /** The callback URL registered with the providers (`<public URL>/v1/oauth/callback`); undefined: not configured. */
  readonly redirectUri: string | undefined;
  /** The context the token exchange fetches through (its plugin's allowed hosts). */
  readonly contextFor: (connector: ServerConnector, signal: AbortSignal) => PluginContextV1;
}

function providerOf(connectorId: string) {
  const provider = oauthProviders.get(connectorId);
  if (provider !== undefined) return provider;
  throw new DyocenseError({
    code: 'invalid_input',
    message: `The ${connectorId} connector does not connect with OAuth2 (only ${[...oauthProviders.keys()].join(', ')})`,
  });
}

/**
 * Starts connecting a Salesforce or Google Drive data source: stores a single-use state with a sealed PKCE
 * verifier, bound to the tenant, the data source and the admin, and returns the provider's authorize URL.
 *
 * @throws DyocenseError `not_found` (missing or another tenant's data source); `invalid_input` (a connector without
 *   OAuth, no client id, no secret key or no public URL on this server).
 */
export async function startOAuthConnect(
  dependencies: OAuthConnectDependencies,
  actor: Actor,
  dataSourceId: string,
): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const { keyring, redirectUri } = dependencies;
  if (!isUuid(dataSourceId)) throw notFound('data source');
  return withTenant(dependencies.db, actor.tenantId, async (trx) => {
    const source = await readDataSourceConfig(trx, keyring, actor.tenantId, dataSourceId);
    const provider = providerOf(source.connectorId);
    if (keyring === undefined || redirectUri === undefined) {
      throw new DyocenseError({
        code: 'invalid_input',
        message:
          keyring === undefined
            ? 'This server has no secret key (DYOCENSE_SECRET_KEY), so it cannot keep OAuth tokens'
            : 'This server has no public URL (DYOCENSE_PUBLIC_URL), so providers cannot redirect back to it',
      });
    }
    const pkce = await createPkcePair();
    const { state, expiresAt } = await savePendingOAuth(trx, keyring, {
      tenantId: actor.tenantId,
      dataSourceId: dataSourceId.toLowerCase(),
      subject: actor.subject,
      codeVerifier: pkce.codeVerifier,
      redirectUri,
    });
    const authorizeUrl = provider.authorizeUrl(source.config, {
      state,
      codeChallenge: pkce.codeChallenge,
      redirectUri,
    });
    await audit(trx, actor.tenantId, {
      action: 'data_sources.oauth_started',
      subject: actor.subject,
      targetType: 'data_source',
      targetId: dataSourceId.toLowerCase(),
      detail: { connectorId: source.connectorId },
    });
    return { authorizeUrl, expiresAt: expiresAt.toISOString() };
  });
}

/** The provider's redirect back: `code` and `state`, or `error` (e.g. `access_denied`). */
export interface OAuthCallback {
  readonly state: string;
  readonly code?: string | undefined;
  readonly error?: string | undefined;
}

function rethrowAsRefused(error: unknown): never {
  // The provider's refusal (a bad code, a revoked app, an unreachable endpoint) ends this attempt: 400, with its
  // reason, so the admin starts again. Messages of the exchange helpers name errors, never token values.
  const reason = DyocenseError.isInstance(error) ? error.message : 'the token endpoint failed';
  throw new DyocenseError({
    code: 'invalid_input',
    message: `The authorisation could not be completed: ${reason}`,
    cause: error,
    issues: [{ path: ['code'], code: 'exchange_failed', message: 'the provider refused the code' }],
  });
}

/**
 * Finishes a connection: consumes the state (single use, even when what follows fails), exchanges the code with
 * the stored PKCE verifier, and stores the refresh token sealed into the data source (with Salesforce's instance
 * URL) and a `data_sources.oauth_connected` audit entry, in one transaction. Nothing is stored on any failure.
 *
 * @throws DyocenseError `invalid_input` for an unknown, reused or expired state, a provider `error`, or a refused
 *   code exchange; `not_found` when the data source was deleted meanwhile.
 */
export async function finishOAuthConnect(
  dependencies: OAuthConnectDependencies,
  callback: OAuthCallback,
  signal: AbortSignal,
): Promise<{ dataSourceId: string; connectorId: string }> {
  const tenantId = tenantOfState(callback.state);
  if (tenantId === undefined) throw invalidState('not a state this server issued');
  const pending = await withTenant(dependencies.db, tenantId, (trx) =>
    consumePendingOAuth(trx, dependencies.keyring, callback.state),
  );
  if (DyocenseError.isInstance(pending)) throw pending;
  if (callback.error !== undefined) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The provider did not authorise the connection (${callback.error}); nothing was stored`,
      issues: [{ path: ['error'], code: 'oauth_error', message: callback.error }],
    });
  }
  if (callback.code === undefined) throw invalidState('the callback carries no code');
  const source = await withTenant(dependencies.db, tenantId, (trx) =>
    readDataSourceConfig(trx, dependencies.keyring, tenantId, pending.dataSourceId),
  );
  const connector = dependencies.connectors.get(source.connectorId);
  if (connector === undefined) throw notFound('data source');
  const provider = providerOf(source.connectorId);
  const grant = await provider
    .exchange(dependencies.contextFor(connector, signal), source.config, {
      code: callback.code,
      codeVerifier: pending.codeVerifier,
      redirectUri: pending.redirectUri,
    })
    .catch(rethrowAsRefused);
  const actor: Actor = { tenantId, subject: pending.subject };
  await withTenant(dependencies.db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom('data_sources')
      .select(['config', 'secrets'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', pending.dataSourceId)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw notFound('data source');
    const secrets: Record<string, string> = { ...row.secrets };
    for (const field of grant.staleSecrets) delete secrets[field];
    Object.assign(
      secrets,
      sealSecrets(
        dependencies.keyring,
        { refreshToken: grant.refreshToken },
        { tenantId, dataSourceId: pending.dataSourceId },
      ),
    );
    const config = { ...(row.config as Record<string, unknown>), ...grant.plain };
    await trx
      .updateTable('data_sources')
      .set({ config: JSON.stringify(config), secrets: JSON.stringify(secrets), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', pending.dataSourceId)
      .execute();
    await audit(trx, tenantId, {
      action: 'data_sources.oauth_connected',
      subject: actor.subject,
      targetType: 'data_source',
      targetId: pending.dataSourceId,
      // Field names only: token values never reach the audit log.
      detail: {
        connectorId: source.connectorId,
        secretFields: ['refreshToken'],
        ...(grant.staleSecrets.length > 0 ? { removedSecretFields: grant.staleSecrets } : {}),
        changedFields: Object.keys(grant.plain),
      },
    });
  });
  return { dataSourceId: pending.dataSourceId, connectorId: source.connectorId };
}
