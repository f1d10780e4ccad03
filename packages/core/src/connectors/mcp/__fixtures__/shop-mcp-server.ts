import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** The orders the fixture shop holds; two share an `updatedAt` to test checkpoints between equal cursors. */
export const shopOrders = [
  { id: 'o-1', amount: 120.5, currency: 'EUR', updatedAt: '2024-05-01T08:00:00.000Z' },
  { id: 'o-2', amount: 80, currency: 'EUR', updatedAt: '2024-05-01T09:30:00.000Z' },
  { id: 'o-3', amount: 42.25, currency: 'EUR', updatedAt: '2024-05-01T09:30:00.000Z' },
  { id: 'o-4', amount: 310, currency: 'USD', updatedAt: '2024-05-02T10:00:00.000Z' },
  { id: 'o-5', amount: 15.75, currency: 'EUR', updatedAt: '2024-05-03T11:15:00.000Z' },
] as const;

/** A tool call the fixture received. */
export interface ShopToolCall {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

const pageSize = 2;

/** Builds the fixture shop MCP server with the official SDK (a new one per stateless HTTP request). */
export function createShopMcpServer(calls: ShopToolCall[]): McpServer {
  const server = new McpServer({ name: 'fixture-shop', version: '1.0.0' });
  server.registerTool(
    'list_orders',
    {
      description: 'Orders updated after `since`, oldest first, two per page',
      inputSchema: { since: z.string().optional(), cursor: z.string().optional() },
      outputSchema: {
        records: z.array(
          z.object({ id: z.string(), amount: z.number(), currency: z.string(), updatedAt: z.iso.datetime() }),
        ),
        nextCursor: z.string().optional(),
      },
    },
    async (args) => {
      calls.push({ tool: 'list_orders', arguments: args });
      const since = args.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(args.since);
      const matching = shopOrders.filter((order) => Date.parse(order.updatedAt) > since);
      const offset = args.cursor === undefined ? 0 : Number(args.cursor);
      const records = matching.slice(offset, offset + pageSize).map((order) => ({ ...order }));
      const next = offset + pageSize < matching.length ? String(offset + pageSize) : undefined;
      const structuredContent = { records, ...(next === undefined ? {} : { nextCursor: next }) };
      return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
    },
  );
  server.registerTool(
    'daily_visits_csv',
    { description: 'Daily store visits as CSV', inputSchema: { store: z.string() } },
    async (args) => {
      calls.push({ tool: 'daily_visits_csv', arguments: args });
      return {
        content: [{ type: 'text', text: `date,${args.store}\n2024-05-01,130\n2024-05-02,\n2024-05-03,151\n` }],
      };
    },
  );
  server.registerTool('broken_report', { description: 'Always fails', inputSchema: {} }, async () => {
    calls.push({ tool: 'broken_report', arguments: {} });
    return { isError: true, content: [{ type: 'text', text: 'report service is down' }] };
  });
  server.registerResource(
    'stores',
    'shop://stores',
    { mimeType: 'application/json', description: 'The shop stores' },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify({ records: [{ code: 'ber', city: 'Berlin' }, { code: 'par', city: 'Paris' }] }),
        },
      ],
    }),
  );
  return server;
}

/** A running Streamable HTTP endpoint of the fixture shop on loopback. */
export interface ShopMcpHttp {
  /** `http://localhost:PORT/mcp` (a host name, as the plugin fetch refuses IP literals). */
  readonly url: string;
  readonly calls: ShopToolCall[];
  /** Authorization headers of the HTTP requests received. */
  readonly authorizations: (string | undefined)[];
  /** Holds tool calls until the returned function is called (for cancellation tests). */
  hold(): () => void;
  /** Tool calls waiting on {@link ShopMcpHttp.hold}. */
  readonly held: number;
  close(): Promise<void>;
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

/**
 * Serves {@link createShopMcpServer} over Streamable HTTP (stateless: one server and transport per
 * request, as the SDK's examples do) and refuses requests without `Authorization: Bearer <token>`.
 */
export async function startShopMcpHttp(token: string): Promise<ShopMcpHttp> {
  const calls: ShopToolCall[] = [];
  const authorizations: (string | undefined)[] = [];
  let gate: Promise<void> | undefined;
  let held = 0;
  const http: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    void (async () => {
      const body = await readJson(request);
      if (gate !== undefined && JSON.stringify(body).includes('"tools/call"')) {
        held++;
        await gate;
      }
      const server = createShopMcpServer(calls);
      const transport = new StreamableHTTPServerTransport({});
      response.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request, response, body);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/mcp`,
    calls,
    authorizations,
    get held() {
      return held;
    },
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
