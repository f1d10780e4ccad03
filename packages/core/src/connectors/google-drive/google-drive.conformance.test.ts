import { afterAll } from 'vitest';
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
// Pages of two files, so every read follows nextPageToken.
const drive = await startDriveFixture({ clientId, clientSecret, refreshToken, files, maxPageSize: 2 });
afterAll(() => drive.close());

const sizeOf = (id: string) => {
  const file = files.find((candidate) => candidate.id === id);
  return Buffer.byteLength(file?.content ?? '');
};
const file = (id: string, name: string, mimeType: string, modifiedTime: string, size: number | null) => ({
  stream: 'files',
  data: { id, name, mimeType, modifiedTime, size },
});
const point = (
  fileId: string,
  fileName: string,
  modifiedTime: string,
  seriesId: string,
  timestamp: string,
  value: number | null,
) => ({
  stream: 'points',
  data: { fileId, fileName, modifiedTime, seriesId, timestamp, period: null, value },
});
const march1 = '2024-03-01T10:00:00.000Z';
const march2 = '2024-03-02T09:00:00.000Z';

describeConnector(createGoogleDriveConnector({ retry: { baseDelayMs: 1, maxDelayMs: 5 } }), {
  validConfig: { folderId, clientId, clientSecret, refreshToken },
  invalidConfig: { folderId, clientId, clientSecret, refreshToken: '1//revoked' },
  context: { allowedHosts: ['www.googleapis.com', 'oauth2.googleapis.com'], fetch: drive.fetch },
  expectedRecords: [
    file('f1Sales', 'sales.csv', 'text/csv', march1, sizeOf('f1Sales')),
    file(
      'f2Stock',
      'stock.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      march2,
      sizeOf('f2Stock'),
    ),
    file('f3Plan', 'Plan', 'application/vnd.google-apps.spreadsheet', march2, null),
    file('f4Notes', 'notes.pdf', 'application/pdf', '2024-03-03T08:30:00.000Z', sizeOf('f4Notes')),
    point('f1Sales', 'sales.csv', march1, 'berlin', '2024-01-01T00:00:00.000Z', 120.5),
    point('f1Sales', 'sales.csv', march1, 'berlin', '2024-01-02T00:00:00.000Z', 98),
    point('f1Sales', 'sales.csv', march1, 'paris', '2024-01-01T00:00:00.000Z', 210),
    point('f2Stock', 'stock.xlsx', march2, 'beans', '2024-02-01T00:00:00.000Z', 40),
    point('f2Stock', 'stock.xlsx', march2, 'beans', '2024-02-02T00:00:00.000Z', 35.5),
    point('f3Plan', 'Plan', march2, 'visits', '2024-01-01T00:00:00.000Z', 1500),
    point('f3Plan', 'Plan', march2, 'visits', '2024-02-01T00:00:00.000Z', null),
    point('f3Plan', 'Plan', march2, 'visits', '2024-03-01T00:00:00.000Z', 1720),
  ],
  incrementalStream: 'points',
  futureState: { modifiedTime: '2030-01-01T00:00:00.000Z', fileId: 'zzz' },
});
