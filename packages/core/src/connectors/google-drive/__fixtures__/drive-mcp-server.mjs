// A Drive MCP server for tests, run as a stdio child process: `node drive-mcp-server.mjs FILES.json`.
// FILES.json holds the fixture files ({ id, name, mimeType, modifiedTime, parents, trashed, base64 }).
// Every tool call is written to stderr as one JSON line, so tests can see what the connector asked.
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const files = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pageSize = 2;
const server = new McpServer({ name: 'fixture-drive', version: '1.0.0' });

server.registerTool(
  'list_files',
  {
    description: "Lists a folder's files (not folders, not trashed), oldest change first",
    inputSchema: { folderId: z.string(), modifiedSince: z.string().optional(), cursor: z.string().optional() },
    outputSchema: {
      files: z.array(z.object({ id: z.string(), name: z.string(), mimeType: z.string(), modifiedTime: z.string() })),
      nextCursor: z.string().optional(),
    },
  },
  async (args) => {
    process.stderr.write(`${JSON.stringify({ tool: 'list_files', args })}\n`);
    const since = args.modifiedSince === undefined ? Number.NEGATIVE_INFINITY : Date.parse(args.modifiedSince);
    const matching = files
      .filter((file) => file.parents.includes(args.folderId) && !file.trashed)
      .filter((file) => file.mimeType !== 'application/vnd.google-apps.folder')
      .filter((file) => Date.parse(file.modifiedTime) >= since);
    const offset = args.cursor === undefined ? 0 : Number(args.cursor);
    const page = matching.slice(offset, offset + pageSize).map(({ id, name, mimeType, modifiedTime }) => ({
      id,
      name,
      mimeType,
      modifiedTime,
    }));
    const structuredContent = {
      files: page,
      ...(offset + pageSize < matching.length ? { nextCursor: String(offset + pageSize) } : {}),
    };
    return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
  },
);

server.registerTool(
  'read_file',
  { description: 'Reads a file: CSV as text (Sheets exported as CSV), other files as a blob', inputSchema: { fileId: z.string() } },
  async (args) => {
    process.stderr.write(`${JSON.stringify({ tool: 'read_file', args })}\n`);
    const file = files.find((candidate) => candidate.id === args.fileId);
    if (file === undefined) return { isError: true, content: [{ type: 'text', text: `File not found: ${args.fileId}` }] };
    const bytes = Buffer.from(file.base64, 'base64');
    if (file.mimeType === 'text/csv' || file.mimeType === 'application/vnd.google-apps.spreadsheet') {
      return { content: [{ type: 'text', text: bytes.toString('utf8') }] };
    }
    return {
      content: [{ type: 'resource', resource: { uri: `drive://files/${file.id}`, mimeType: file.mimeType, blob: file.base64 } }],
    };
  },
);

await server.connect(new StdioServerTransport());
