import { z } from 'zod';

/**
 * Which MCP server to talk to. A stdio server is named, never described: the command it runs comes from
 * the host's registry ({@link McpStdioServer}), so a user's configuration cannot start a program. An HTTP
 * server is reached with the Streamable HTTP transport through the plugin's guarded fetch.
 */
export const mcpServerConfigSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('stdio'), name: z.string().min(1) }),
  z.object({ transport: z.literal('http'), url: z.url({ protocol: /^https?$/ }) }),
]);

/** Validated server selection (see {@link mcpServerConfigSchema}). */
export type McpServerConfig = z.output<typeof mcpServerConfigSchema>;

/** How the host starts a stdio MCP server: a program it trusts, registered under a name. */
export interface McpStdioServer {
  readonly command: string;
  readonly args?: readonly string[];
  /** Added to the SDK's safe default environment (PATH, HOME, ...); nothing else is inherited. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** Host options shared by the MCP-backed connectors. */
export interface McpHostOptions {
  /** Stdio servers configurations may name. Default: none (only HTTP servers). */
  readonly stdioServers?: Readonly<Record<string, McpStdioServer>>;
}
