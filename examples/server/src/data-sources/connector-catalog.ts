import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import {
  createFileUploadPlugin,
  createGoogleDrivePlugin,
  createSalesforcePlugin,
} from '@dyocense/core/connectors';
import type { ConnectorV1, PluginPermissionsV1, PluginV1 } from '@dyocense/core/plugin';
import { keepRotatedRefreshToken } from './rotated-secrets.js';

/**
 * A connector as the server holds it: config validated by its schema, secret fields declared in its spec, and
 * the plugin that ships it ({@link connectorsOf}), whose permissions bound what a sync's context lets it reach.
 */
export type ServerConnector = ConnectorV1<unknown, unknown> & {
  /** The shipping plugin's id and permissions; absent: the connector may reach no host. */
  readonly plugin?: { readonly id: string; readonly permissions: PluginPermissionsV1 };
};

/** A plugin's connectors, each carrying the plugin's id and permissions (its allowed hosts and secrets). */
export function connectorsOf(plugin: PluginV1): ServerConnector[] {
  const { id, permissions } = plugin.manifest;
  return plugin.connectors.map((connector) => Object.freeze({ ...connector, plugin: { id, permissions } }));
}

/** The connectors data sources may use, by id. */
export interface ConnectorCatalog {
  get(id: string): ServerConnector | undefined;
  list(): readonly ServerConnector[];
  /** Every secret field name any connector declares (for log redaction). */
  readonly secretFieldNames: readonly string[];
}

/** Options of {@link defaultConnectors}. */
export interface DefaultConnectorOptions {
  /** The only directory the file-upload connector may read `path` configurations from; default `./.dyocense/uploads`. */
  readonly uploadDirectory?: string;
}

/**
 * Core's first-party connectors as the server offers them, from their plugins (whose manifests declare the hosts
 * and secrets a sync's context allows): file upload (confined to `uploadDirectory`, since its `path` comes from
 * API callers), Salesforce and Google Drive (their OAuth client secrets and tokens are secret fields, stored
 * sealed; Google Drive names stdio MCP servers only from a host registry, empty here). Salesforce's rotated
 * refresh tokens are stored by the sync that received them ({@link keepRotatedRefreshToken}). A server with other
 * connectors passes its own list as `buildServer`'s `connectors`.
 */
export function defaultConnectors(options: DefaultConnectorOptions = {}): ServerConnector[] {
  const uploadDirectory = resolve(options.uploadDirectory ?? '.dyocense/uploads');
  return [
    createFileUploadPlugin({ baseDirectory: uploadDirectory }),
    createSalesforcePlugin({ onRefreshTokenRotated: keepRotatedRefreshToken }),
    createGoogleDrivePlugin(),
  ].flatMap(connectorsOf);
}

/**
 * Indexes `connectors` by id.
 *
 * @throws DyocenseError `plugin_incompatible` when two connectors share an id.
 */
export function createConnectorCatalog(connectors: readonly ServerConnector[]): ConnectorCatalog {
  const byId = new Map<string, ServerConnector>();
  for (const connector of connectors) {
    if (byId.has(connector.id)) {
      throw new DyocenseError({
        code: 'plugin_incompatible',
        message: `Two connectors have the id "${connector.id}"`,
        details: { connectorId: connector.id },
      });
    }
    byId.set(connector.id, connector);
  }
  const secretFieldNames = [...new Set(connectors.flatMap((connector) => connector.spec.secretFields))];
  return {
    get: (id) => byId.get(id),
    list: () => [...byId.values()],
    secretFieldNames,
  };
}
