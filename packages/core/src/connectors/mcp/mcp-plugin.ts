import { coreVersion } from '../../plugin/core-version.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import type { PluginV1 } from '../../plugin/spec/plugin-v1.js';
import { createMcpConnector } from './mcp-connector.js';
import type { McpHostOptions } from './mcp-server-config.js';

/** Options of {@link createMcpPlugin}. */
export interface McpPluginOptions extends McpHostOptions {
  /** Hosts of the Streamable HTTP MCP servers configurations may name. Default: none. */
  readonly allowedHosts?: readonly string[];
}

/**
 * The built-in MCP plugin: the MCP connector, limited to the HTTP hosts and stdio servers the host
 * trusts. Its one secret is the bearer token of an HTTP server.
 *
 * @example
 * registry.register(createMcpPlugin({ allowedHosts: ['mcp.shop.example.com'] }));
 */
export function createMcpPlugin(options: McpPluginOptions = {}): PluginV1 {
  return definePlugin({
    id: 'dyocense/mcp',
    name: 'MCP',
    // Ships inside @dyocense/core, so it is always exactly this core's version.
    version: coreVersion,
    description: 'Built-in connector reading tools and resources of Model Context Protocol servers',
    engines: { core: coreVersion },
    permissions: { allowedHosts: [...(options.allowedHosts ?? [])], secrets: ['accessToken'] },
    connectors: [
      createMcpConnector(options.stdioServers === undefined ? {} : { stdioServers: options.stdioServers }),
    ],
  });
}
