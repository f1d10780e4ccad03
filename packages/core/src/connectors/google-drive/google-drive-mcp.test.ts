import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorMessageV1, RecordMessageV1 } from '../../plugin/spec/connector-v1.js';
import { createMockContext } from '../../testing/create-mock-context.js';
import { describeConnector } from '../../testing/describe-connector.js';
import {
  clientId,
  clientSecret,
  fixtureFiles,
  folderId,
  refreshToken,
} from './__fixtures__/drive-fixture-files.js';
import { startDriveFixture } from './__fixtures__/drive-fixture-server.js';
import { createGoogleDriveConnector } from './google-drive-connector.js';

const files = await fixtureFiles();
const directory = mkdtempSync(join(tmpdir(), 'dyocense-drive-mcp-'));
const filesJson = join(directory, 'files.json');
writeFileSync(
  filesJson,
  JSON.stringify(
    files.map(({ content, ...file }) => ({ ...file, base64: Buffer.from(content).toString('base64') })),
  ),
);
const drive = await startDriveFixture({ clientId, clientSecret, refreshToken, files, maxPageSize: 2 });
afterAll(async () => {
  await drive.close();
  rmSync(directory, { recursive: true, force: true });
});

// The same Drive connector, with a host that registered a Drive MCP server (a stdio child process).
const connector = createGoogleDriveConnector({
  stdioServers: {
    drive: {
      command: process.execPath,
      args: [fileURLToPath(new URL('./__fixtures__/drive-mcp-server.mjs', import.meta.url)), filesJson],
    },
  },
});
const apiConfig = { folderId, clientId, clientSecret, refreshToken };
const mcpConfig = { folderId, mcp: { server: { transport: 'stdio' as const, name: 'drive' } } };
const points = { streams: [{ name: 'points', syncMode: 'incremental' as const }] };
const contextFor = () =>
  createMockContext({ allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com'], fetch: drive.fetch });

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}
const recordsOf = (messages: ConnectorMessageV1[]) =>
  messages.filter((message): message is RecordMessageV1 => message.type === 'record');

describe('google-drive connector through a Drive MCP server', () => {
  it('reads through MCP when a server is configured and through the Drive API otherwise, with the same rows', async () => {
    const context = contextFor();
    const throughMcp = await collect(connector.read(context, { config: mcpConfig, catalog: points }));
    expect(drive.requests).toHaveLength(0);
    const calls = context.logs
      .map((log) => /MCP server drive: (.*)$/s.exec(log.message)?.[1])
      .filter((line) => line !== undefined)
      .flatMap((text) => text.split('\n').map((line) => JSON.parse(line) as { tool: string; args: unknown }));
    expect(calls).toEqual([
      { tool: 'list_files', args: { folderId } },
      { tool: 'list_files', args: { folderId, cursor: '2' } },
      { tool: 'read_file', args: { fileId: 'f1Sales' } },
      { tool: 'read_file', args: { fileId: 'f2Stock' } },
      { tool: 'read_file', args: { fileId: 'f3Plan' } },
    ]);
    const throughApi = await collect(connector.read(contextFor(), { config: apiConfig, catalog: points }));
    expect(drive.requests.length).toBeGreaterThan(0);
    expect(recordsOf(throughMcp)).toHaveLength(8);
    expect(recordsOf(throughMcp)).toEqual(recordsOf(throughApi));
    expect(throughMcp.filter((message) => message.type === 'state')).toEqual(
      throughApi.filter((message) => message.type === 'state'),
    );
  });

  it('refuses an MCP server the host did not register', async () => {
    const status = await connector.check(contextFor(), {
      folderId,
      mcp: { server: { transport: 'stdio', name: 'rogue' } },
    });
    expect(status).toEqual({
      status: 'failed',
      message: 'No stdio MCP server named "rogue" is registered with this host (registered: drive)',
    });
  });
});

describeConnector(connector, {
  validConfig: mcpConfig,
  invalidConfig: { folderId, mcp: { server: { transport: 'stdio', name: 'unregistered' } } },
  incrementalStream: 'points',
  context: { allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com'], fetch: drive.fetch },
  cancellationTimeoutMs: 3_000,
});
