import { coreVersion } from '../../plugin/core-version.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import type { PluginV1 } from '../../plugin/spec/plugin-v1.js';
import { createGoogleDriveConnector, type GoogleDriveConnectorOptions } from './google-drive-connector.js';

/**
 * The built-in Google Drive plugin. Declares the hosts it reaches (the Drive API and Google's token
 * endpoint) and its secrets. An HTTP Drive MCP server on another host needs `allowedHosts` to name it.
 *
 * @example
 * registry.register(createGoogleDrivePlugin({ allowedHosts: ['drive-mcp.internal.example.com'] }));
 */
export function createGoogleDrivePlugin(
  options: GoogleDriveConnectorOptions & { readonly allowedHosts?: readonly string[] } = {},
): PluginV1 {
  return definePlugin({
    id: 'dyocense/google-drive',
    name: 'Google Drive',
    // Ships inside @dyocense/core, so it is always exactly this core's version.
    version: coreVersion,
    description: 'Built-in connector for CSV, Excel and Google Sheets files in a Drive folder',
    engines: { core: coreVersion },
    permissions: {
      allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com', ...(options.allowedHosts ?? [])],
      secrets: ['clientSecret', 'refreshToken', 'accessToken'],
    },
    connectors: [createGoogleDriveConnector(options)],
  });
}
