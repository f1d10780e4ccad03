import { DyocenseError } from '../../errors/index.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';
import type { McpHostOptions, McpServerConfig, McpStdioServer } from './mcp-server-config.js';

/** A tool as an MCP server lists it. */
export interface McpTool {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly outputSchema?: Readonly<Record<string, unknown>>;
}

/** A resource as an MCP server lists it. */
export interface McpResource {
  readonly uri: string;
  readonly name: string;
  readonly mimeType?: string;
}

/** One content block of a tool result or resource (text, or base64 bytes). */
export interface McpContent {
  readonly type: string;
  readonly text?: string;
  readonly blob?: string;
  readonly mimeType?: string;
}

/** A tool's result, reduced to what the connectors read. */
export interface McpToolResult {
  readonly isError: boolean;
  readonly content: readonly McpContent[];
  readonly structuredContent?: Readonly<Record<string, unknown>>;
}

/** A connected MCP client for one connector call; close it when done. */
export interface McpSession {
  readonly serverName: string;
  listTools(): Promise<McpTool[]>;
  listResources(): Promise<McpResource[]>;
  callTool(name: string, args: Readonly<Record<string, unknown>>): Promise<McpToolResult>;
  readResource(uri: string): Promise<McpContent[]>;
  close(): Promise<void>;
}

/** Options of {@link openMcpSession}. */
export interface OpenMcpSessionOptions extends McpHostOptions {
  /** Sent as `Authorization: Bearer` to an HTTP server. */
  readonly accessToken?: string;
}

// Imported on first use only: the SDK is an optional peer dependency of @dyocense/core.
async function loadSdk() {
  try {
    const [client, stdio, http] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/stdio.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    ]);
    return { Client: client.Client, stdio, http };
  } catch (error) {
    throw new DyocenseError({
      code: 'unavailable',
      message:
        'Reading through an MCP server needs the @modelcontextprotocol/sdk package; install it next to @dyocense/core',
      details: { missingPackage: '@modelcontextprotocol/sdk' },
      cause: error,
    });
  }
}

function contentOf(block: unknown): McpContent {
  const item = (block ?? {}) as Record<string, unknown>;
  // Tool results wrap embedded resources as { type: 'resource', resource: { text | blob, mimeType } }.
  const inner = (item.type === 'resource' ? item.resource : item) as Record<string, unknown> | undefined;
  const text = inner?.text;
  const blob = inner?.blob;
  const mimeType = inner?.mimeType;
  return {
    type: typeof item.type === 'string' ? item.type : 'resource',
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof blob === 'string' ? { blob } : {}),
    ...(typeof mimeType === 'string' ? { mimeType } : {}),
  };
}

/**
 * Connects an MCP client (the official TypeScript SDK) to the configured server: a stdio server from the
 * host's registry, or a Streamable HTTP endpoint reached through `context.fetch` (so `allowedHosts`
 * applies). Every request carries `context.signal`.
 *
 * @throws DyocenseError `forbidden` for a stdio server the host did not register; `unavailable` when the
 * SDK is not installed or the server cannot be reached.
 */
export async function openMcpSession(
  context: PluginContextV1,
  server: McpServerConfig,
  options: OpenMcpSessionOptions = {},
): Promise<McpSession> {
  const registry = options.stdioServers ?? {};
  if (server.transport === 'stdio' && !Object.hasOwn(registry, server.name)) {
    const known = Object.keys(registry);
    throw new DyocenseError({
      code: 'forbidden',
      message: `No stdio MCP server named "${server.name}" is registered with this host (registered: ${known.length === 0 ? 'none' : known.join(', ')})`,
    });
  }
  const serverName = server.transport === 'stdio' ? server.name : new URL(server.url).host;
  const sdk = await loadSdk();
  const signal = context.signal;
  signal.throwIfAborted();
  let transport:
    | InstanceType<typeof sdk.stdio.StdioClientTransport>
    | InstanceType<typeof sdk.http.StreamableHTTPClientTransport>;
  if (server.transport === 'stdio') {
    const registered = registry[server.name] as McpStdioServer;
    const stdio = new sdk.stdio.StdioClientTransport({
      command: registered.command,
      args: [...(registered.args ?? [])],
      env: { ...sdk.stdio.getDefaultEnvironment(), ...registered.env },
      ...(registered.cwd === undefined ? {} : { cwd: registered.cwd }),
      stderr: 'pipe',
    });
    stdio.stderr?.on('data', (chunk: Buffer) =>
      context.logger.debug(`MCP server ${serverName}: ${String(chunk).trimEnd()}`),
    );
    transport = stdio;
  } else {
    transport = new sdk.http.StreamableHTTPClientTransport(new URL(server.url), {
      fetch: (url, init) => context.fetch(url, init),
      ...(options.accessToken === undefined
        ? {}
        : { requestInit: { headers: { authorization: `Bearer ${options.accessToken}` } } }),
    });
  }
  const client = new sdk.Client({ name: 'dyocense', version: '1' });
  const requestOptions = { signal };
  try {
    await client.connect(transport, requestOptions);
  } catch (error) {
    await client.close().catch(() => undefined);
    if (signal.aborted) throw signal.reason;
    if (DyocenseError.isInstance(error)) throw error;
    throw new DyocenseError({
      code: 'unavailable',
      message: `Could not connect to the MCP server ${serverName}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  return {
    serverName,
    async listTools() {
      const tools: McpTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor }, requestOptions);
        for (const tool of page.tools) {
          tools.push({
            name: tool.name,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            inputSchema: tool.inputSchema,
            ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }),
          });
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return tools;
    },
    async listResources() {
      if (client.getServerCapabilities()?.resources === undefined) return [];
      const resources: McpResource[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listResources(cursor === undefined ? {} : { cursor }, requestOptions);
        for (const resource of page.resources) {
          resources.push({
            uri: resource.uri,
            name: resource.name,
            ...(resource.mimeType === undefined ? {} : { mimeType: resource.mimeType }),
          });
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return resources;
    },
    async callTool(name, args) {
      const result = await client.callTool({ name, arguments: { ...args } }, undefined, requestOptions);
      const structured = result.structuredContent;
      return {
        isError: result.isError === true,
        content: Array.isArray(result.content) ? result.content.map(contentOf) : [],
        ...(typeof structured === 'object' && structured !== null
          ? { structuredContent: structured as Record<string, unknown> }
          : {}),
      };
    },
    async readResource(uri) {
      const result = await client.readResource({ uri }, requestOptions);
      return result.contents.map(contentOf);
    },
    async close() {
      await client.close();
    },
  };
}

/** The text of a tool error result, for messages. */
export function toolErrorText(result: McpToolResult): string {
  const text = result.content
    .map((block) => block.text)
    .filter((value) => value !== undefined)
    .join(' ')
    .trim();
  return text === '' ? 'the tool reported an error' : text.slice(0, 500);
}
