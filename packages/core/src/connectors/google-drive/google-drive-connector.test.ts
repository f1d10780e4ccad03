import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../plugin/create-registry.js';
import type { ConnectorMessageV1, RecordMessageV1 } from '../../plugin/spec/connector-v1.js';
import { createMockContext } from '../../testing/create-mock-context.js';
import {
  clientId,
  clientSecret,
  fixtureFiles,
  folderId,
  refreshToken,
} from './__fixtures__/drive-fixture-files.js';
import { type DriveFixture, startDriveFixture } from './__fixtures__/drive-fixture-server.js';
import { createGoogleDriveConnector } from './google-drive-connector.js';
import { createGoogleDrivePlugin } from './google-drive-plugin.js';

const connector = createGoogleDriveConnector({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
const config = { folderId, clientId, clientSecret, refreshToken };
const points = { streams: [{ name: 'points', syncMode: 'incremental' as const }] };

let drive: DriveFixture;
beforeEach(async () => {
  drive = await startDriveFixture({
    clientId,
    clientSecret,
    refreshToken,
    files: await fixtureFiles(),
    maxPageSize: 2,
  });
});
afterEach(() => drive.close());

const contextFor = (signal?: AbortSignal) =>
  createMockContext({
    allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com'],
    fetch: drive.fetch,
    ...(signal === undefined ? {} : { signal }),
  });

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}
const recordsOf = (messages: ConnectorMessageV1[]) =>
  messages.filter((message): message is RecordMessageV1 => message.type === 'record');

describe('google-drive connector', () => {
  it('refreshes the token, pages through files.list and reads CSV, .xlsx and Sheets as uploads are read', async () => {
    const messages = await collect(connector.read(contextFor(), { config, catalog: points }));
    const rows = recordsOf(messages).map((record) => [
      record.data.fileName,
      record.data.seriesId,
      record.data.timestamp,
      record.data.value,
    ]);
    expect(rows).toEqual([
      ['sales.csv', 'berlin', '2024-01-01T00:00:00.000Z', 120.5],
      ['sales.csv', 'berlin', '2024-01-02T00:00:00.000Z', 98],
      ['sales.csv', 'paris', '2024-01-01T00:00:00.000Z', 210],
      ['stock.xlsx', 'beans', '2024-02-01T00:00:00.000Z', 40],
      ['stock.xlsx', 'beans', '2024-02-02T00:00:00.000Z', 35.5],
      ['Plan', 'visits', '2024-01-01T00:00:00.000Z', 1500],
      ['Plan', 'visits', '2024-02-01T00:00:00.000Z', null],
      ['Plan', 'visits', '2024-03-01T00:00:00.000Z', 1720],
    ]);
    // One checkpoint per file, in (modifiedTime, id) order; the PDF is skipped but still checkpointed.
    expect(messages.filter((message) => message.type === 'state').map((message) => message.data)).toEqual([
      { modifiedTime: '2024-03-01T10:00:00.000Z', fileId: 'f1Sales' },
      { modifiedTime: '2024-03-02T09:00:00.000Z', fileId: 'f2Stock' },
      { modifiedTime: '2024-03-02T09:00:00.000Z', fileId: 'f3Plan' },
      { modifiedTime: '2024-03-03T08:30:00.000Z', fileId: 'f4Notes' },
    ]);

    const [tokenRequest, ...driveRequests] = drive.requests;
    expect(tokenRequest).toMatchObject({
      method: 'POST',
      path: '/token',
      form: {
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
      },
    });
    const lists = driveRequests.filter((request) => request.path === '/drive/v3/files');
    // Four listed files (folder, trashed and foreign files excluded by q) in pages of two.
    expect(lists.map((request) => request.query.pageToken ?? null)).toEqual([null, expect.any(String)]);
    expect(lists[0]?.query).toMatchObject({
      q: `'${folderId}' in parents and trashed = false and mimeType != 'application/vnd.google-apps.folder'`,
      fields: 'nextPageToken,files(id,name,mimeType,modifiedTime,size)',
      supportsAllDrives: 'true',
    });
    expect(driveRequests.filter((request) => request.path !== '/drive/v3/files')).toEqual([
      expect.objectContaining({
        path: '/drive/v3/files/f1Sales',
        query: { alt: 'media', supportsAllDrives: 'true' },
      }),
      expect.objectContaining({
        path: '/drive/v3/files/f2Stock',
        query: { alt: 'media', supportsAllDrives: 'true' },
      }),
      expect.objectContaining({ path: '/drive/v3/files/f3Plan/export', query: { mimeType: 'text/csv' } }),
    ]);
    expect(new Set(driveRequests.map((request) => request.authorization))).toEqual(
      new Set(['Bearer ya29.fixture-1']),
    );
  });

  it('resumes after a checkpoint by asking Drive only for files modified since, and re-reads a changed file', async () => {
    const state = { points: { modifiedTime: '2024-03-02T09:00:00.000Z', fileId: 'f2Stock' } };
    const sales = drive.files.find((file) => file.id === 'f1Sales');
    if (sales === undefined) throw new Error('fixture lost sales.csv');
    sales.modifiedTime = '2024-03-05T12:00:00.000Z';
    sales.content = 'unique_id,ds,y\nberlin,2024-01-03,101\n';
    const messages = await collect(connector.read(contextFor(), { config, catalog: points, state }));
    expect(
      recordsOf(messages).map((record) => [record.data.fileId, record.data.timestamp, record.data.value]),
    ).toEqual([
      ['f3Plan', '2024-01-01T00:00:00.000Z', 1500],
      ['f3Plan', '2024-02-01T00:00:00.000Z', null],
      ['f3Plan', '2024-03-01T00:00:00.000Z', 1720],
      ['f1Sales', '2024-01-03T00:00:00.000Z', 101],
    ]);
    const list = drive.requests.find((request) => request.path === '/drive/v3/files');
    expect(list?.query.q).toContain("modifiedTime >= '2024-03-02T09:00:00.000Z'");
    expect(messages.at(-1)).toEqual({
      type: 'state',
      stream: 'points',
      data: { modifiedTime: '2024-03-05T12:00:00.000Z', fileId: 'f1Sales' },
    });
  });

  it('backs off from 429 and 403 userRateLimitExceeded and then reads everything', async () => {
    drive.failNext('rateLimitExceeded429', 1);
    drive.failNext('userRateLimitExceeded', 1);
    const context = contextFor();
    const messages = await collect(connector.read(context, { config, catalog: points }));
    expect(recordsOf(messages)).toHaveLength(8);
    expect(context.logs.filter((log) => log.level === 'warn').map((log) => log.message)).toEqual([
      expect.stringContaining('429 rateLimitExceeded; retrying'),
      expect.stringContaining('403 userRateLimitExceeded; retrying'),
    ]);
  });

  it('reports a transient error once every attempt was rate limited', async () => {
    drive.failNext('rateLimitExceeded', 3);
    const messages = await collect(connector.read(contextFor(), { config, catalog: points }));
    expect(recordsOf(messages)).toHaveLength(0);
    expect(messages.at(-1)).toEqual({
      type: 'trace',
      error: {
        message: `Listing Drive folder ${folderId} failed after 3 attempts: 403 rateLimitExceeded Rate Limit Exceeded`,
        failureType: 'transient_error',
      },
    });
  });

  it('refreshes an expired access token once and retries the request', async () => {
    await collect(connector.read(contextFor(), { config, catalog: points }));
    drive.expireAccessTokens();
    drive.requests.length = 0;
    const messages = await collect(
      connector.read(contextFor(), { config: { ...config, accessToken: 'ya29.fixture-1' }, catalog: points }),
    );
    expect(recordsOf(messages)).toHaveLength(8);
    expect(
      drive.requests.slice(0, 3).map((request) => [request.path, request.authorization ?? null]),
    ).toEqual([
      ['/drive/v3/files', 'Bearer ya29.fixture-1'],
      ['/token', null],
      ['/drive/v3/files', 'Bearer ya29.fixture-2'],
    ]);
  });

  it('names the file, line and column of a bad value, or skips the file when asked', async () => {
    const sales = drive.files.find((file) => file.id === 'f1Sales');
    if (sales === undefined) throw new Error('fixture lost sales.csv');
    sales.content = 'unique_id,ds,y\nberlin,2024-01-01,120.5\nberlin,2024-01-02,lots\n';
    const failed = await collect(connector.read(contextFor(), { config, catalog: points }));
    expect(recordsOf(failed)).toHaveLength(0);
    expect(failed.at(-1)).toEqual({
      type: 'trace',
      error: {
        message: expect.stringMatching(/^Drive file "sales\.csv" \(f1Sales\): line 3, column 3: .*lots/),
        failureType: 'config_error',
        stream: 'points',
      },
    });
    const skipped = await collect(
      connector.read(contextFor(), { config: { ...config, onInvalidFile: 'skip' }, catalog: points }),
    );
    expect(recordsOf(skipped).map((record) => record.data.fileId)).toEqual([
      'f2Stock',
      'f2Stock',
      'f3Plan',
      'f3Plan',
      'f3Plan',
    ]);
    expect(skipped.find((message) => message.type === 'log' && message.level === 'warn')).toMatchObject({
      message: expect.stringContaining('Skipped Drive file "sales.csv" (f1Sales): line 3, column 3'),
    });
  });

  it('stops a read waiting on Drive as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const release = drive.hold();
    const reading = collect(connector.read(contextFor(controller.signal), { config, catalog: points }));
    while (!drive.requests.some((request) => request.path === '/drive/v3/files')) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    controller.abort(new Error('user cancelled the sync'));
    await expect(reading).rejects.toThrow('user cancelled the sync');
    release();
  });

  it('checks the folder and fails a revoked refresh token without throwing', async () => {
    expect(await connector.check(contextFor(), config)).toEqual({
      status: 'succeeded',
      message: `Folder ${folderId} holds 4 files, 3 readable (CSV, .xlsx, Google Sheets)`,
    });
    const revoked = await connector.check(contextFor(), { ...config, refreshToken: '1//revoked' });
    expect(revoked).toEqual({
      status: 'failed',
      message:
        'Google refused the refresh token (invalid_grant: Token has been expired or revoked.); reconnect the Google account',
    });
  });

  it('accepts a source awaiting its OAuth connection, and says so instead of calling Google', async () => {
    const awaiting = await connector.check(contextFor(), { folderId, clientId, clientSecret });
    expect(awaiting).toEqual({
      status: 'failed',
      message: 'The Google account is not connected yet (no refresh token): run the OAuth connect flow',
    });
    expect(drive.requests).toHaveLength(0);
    const noClient = await connector.check(contextFor(), { folderId, clientId });
    expect(noClient.status).toBe('failed');
    expect(noClient.message).toMatch(/give clientId and clientSecret/);
  });

  it('is a plugin whose declared hosts let it reach Drive through a registry context', () => {
    const registry = createRegistry();
    const plugin = createGoogleDrivePlugin();
    registry.register(plugin);
    expect(registry.getConnector('google-drive')?.id).toBe('google-drive');
    expect(plugin.manifest.permissions).toEqual({
      allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com'],
      secrets: ['clientSecret', 'refreshToken', 'accessToken'],
    });
  });
});
