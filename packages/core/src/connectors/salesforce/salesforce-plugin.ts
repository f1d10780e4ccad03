import { coreVersion } from '../../plugin/core-version.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import type { PluginV1 } from '../../plugin/spec/plugin-v1.js';
import { salesforceSecretFields } from './salesforce-config.js';
import {
  createSalesforceConnector,
  type SalesforceConnectorOptions,
  salesforceConnector,
} from './salesforce-connector.js';

/**
 * Hosts a Salesforce org answers on: the login servers, My Domain hosts (`acme.my.salesforce.com`, sandboxes
 * `acme--dev.sandbox.my.salesforce.com`) and legacy instance hosts (`na1.salesforce.com`, `*.force.com`).
 */
export const salesforceAllowedHosts = [
  'login.salesforce.com',
  'test.salesforce.com',
  '*.salesforce.com',
  '*.force.com',
] as const;

/** Options of {@link createSalesforcePlugin}. */
export interface SalesforcePluginOptions extends SalesforceConnectorOptions {
  /** Hosts allowed besides {@link salesforceAllowedHosts}, e.g. a corporate proxy in front of Salesforce. */
  readonly extraAllowedHosts?: readonly string[];
}

function manifest(extraAllowedHosts: readonly string[] = []) {
  return {
    id: 'dyocense/salesforce',
    name: 'Salesforce',
    // Ships inside @dyocense/core, so it is always exactly this core's version.
    version: coreVersion,
    description: 'Built-in connector for Salesforce (REST API, SOQL, OAuth 2.0)',
    engines: { core: coreVersion },
    permissions: {
      allowedHosts: [...salesforceAllowedHosts, ...extraAllowedHosts],
      secrets: [...salesforceSecretFields],
    },
  };
}

/**
 * The built-in Salesforce plugin: reaches only Salesforce hosts and reads the `clientSecret` and
 * `refreshToken` secrets.
 *
 * @example
 * registry.register(createSalesforcePlugin({ onRefreshTokenRotated: storeRotatedToken }));
 */
export function createSalesforcePlugin(options: SalesforcePluginOptions = {}): PluginV1 {
  const { extraAllowedHosts, ...connectorOptions } = options;
  return definePlugin({
    ...manifest(extraAllowedHosts),
    connectors: [createSalesforceConnector(connectorOptions)],
  });
}

/** The Salesforce plugin with {@link salesforceConnector} (no rotation handler). */
export const salesforcePlugin: PluginV1 = definePlugin({ ...manifest(), connectors: [salesforceConnector] });
