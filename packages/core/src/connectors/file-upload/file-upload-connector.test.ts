import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../plugin/create-registry.js';
import type { ConnectorMessageV1 } from '../../plugin/spec/connector-v1.js';
import { createMockContext } from '../../testing/create-mock-context.js';
import { createFileUploadConnector, fileUploadConnector } from './file-upload-connector.js';
import { fileUploadPlugin } from './file-upload-plugin.js';

const fixture = fileURLToPath(new URL('./__fixtures__/coffee-sales.csv', import.meta.url));
const csv = readFileSync(fixture, 'utf8');

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}

describe('file-upload connector', () => {
  it('discovers one stream per series with a timestamp cursor', async () => {
    const catalog = await fileUploadConnector.discover(createMockContext(), { text: csv });
    expect(catalog.streams.map((stream) => stream.name)).toEqual(['berlin', 'paris']);
    expect(catalog.streams[0]).toMatchObject({
      primaryKey: ['seriesId', 'timestamp'],
      cursorField: 'timestamp',
    });
  });

  it('reads the same points from text, base64 and path sources', async () => {
    const catalog = { streams: [{ name: 'paris', syncMode: 'full_refresh' as const }] };
    const sources = [{ text: csv }, { base64: Buffer.from(csv).toString('base64') }, { path: fixture }];
    const runs = await Promise.all(
      sources.map((source) =>
        collect(fileUploadConnector.read(createMockContext(), { config: source, catalog })),
      ),
    );
    for (const run of runs) expect(run).toEqual(runs[0]);
    expect(runs[0]?.filter((message) => message.type === 'record')).toHaveLength(4);
    expect(runs[0]?.at(-1)).toEqual({ type: 'state', stream: 'paris', data: '2024-01-04T00:00:00.000Z' });
  });

  it('checkpoints every checkpointEvery records and at the end of each stream', async () => {
    const messages = await collect(
      fileUploadConnector.read(createMockContext(), {
        config: { text: csv, checkpointEvery: 2 },
        catalog: { streams: [{ name: 'berlin', syncMode: 'incremental' }] },
      }),
    );
    expect(messages.filter((message) => message.type === 'state').map((message) => message.data)).toEqual([
      '2024-01-02T00:00:00.000Z',
      '2024-01-04T00:00:00.000Z',
      '2024-01-05T00:00:00.000Z',
    ]);
  });

  it('reports the line of a bad value from check without throwing', async () => {
    const status = await fileUploadConnector.check(createMockContext(), {
      text: 'unique_id,ds,y\na,2024-01-01,1\na,2024-01-02,x\n',
    });
    expect(status.status).toBe('failed');
    expect(status.message).toContain('line 3');
  });

  it('refuses a config with two sources or none', async () => {
    for (const config of [{}, { text: csv, path: fixture }]) {
      const status = await fileUploadConnector.check(createMockContext(), config);
      expect(status).toEqual({
        status: 'failed',
        message: expect.stringContaining('exactly one of path, text or base64'),
      });
    }
  });

  it('refuses a state that is not a timestamp', async () => {
    const reading = collect(
      fileUploadConnector.read(createMockContext(), {
        config: { text: csv },
        catalog: { streams: [{ name: 'berlin', syncMode: 'incremental' }] },
        state: { berlin: 'yesterday' },
      }),
    );
    await expect(reading).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('reports a stream the file does not have as a config error', async () => {
    const messages = await collect(
      fileUploadConnector.read(createMockContext(), {
        config: { text: csv },
        catalog: { streams: [{ name: 'london', syncMode: 'full_refresh' }] },
      }),
    );
    expect(messages).toEqual([
      {
        type: 'trace',
        error: { message: 'The file has no series "london"', failureType: 'config_error', stream: 'london' },
      },
    ]);
  });

  it('uses an integer period cursor for period-indexed series', async () => {
    const text = 'unique_id,ds,y\nshop,1,10\nshop,2,11\nshop,3,12\n';
    const catalog = await fileUploadConnector.discover(createMockContext(), { text });
    expect(catalog.streams[0]?.cursorField).toBe('period');
    const messages = await collect(
      fileUploadConnector.read(createMockContext(), {
        config: { text },
        catalog: { streams: [{ name: 'shop', syncMode: 'incremental' }] },
        state: { shop: 1 },
      }),
    );
    expect(messages.filter((message) => message.type === 'record').map((message) => message.data)).toEqual([
      { seriesId: 'shop', period: 2, value: 11 },
      { seriesId: 'shop', period: 3, value: 12 },
    ]);
  });

  it('refuses paths outside its base directory', async () => {
    const confined = createFileUploadConnector({ baseDirectory: dirname(fixture) });
    expect((await confined.check(createMockContext(), { path: 'coffee-sales.csv' })).status).toBe(
      'succeeded',
    );
    const escaped = await confined.check(createMockContext(), { path: '../file-upload-config.ts' });
    expect(escaped.status).toBe('failed');
    expect(escaped.message).toContain('may only read files inside');
  });

  it('is a plugin the registry accepts', () => {
    const registry = createRegistry();
    registry.register(fileUploadPlugin);
    expect(registry.getConnector('file-upload')).toBe(fileUploadConnector);
    expect(registry.getOwner('connectors', 'file-upload')).toBe('dyocense/file-upload');
  });
});
