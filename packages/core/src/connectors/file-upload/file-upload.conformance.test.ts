import { fileURLToPath } from 'node:url';
import { describeConnector } from '../../testing/describe-connector.js';
import { fileUploadConnector } from './file-upload-connector.js';

const fixture = fileURLToPath(new URL('./__fixtures__/coffee-sales.csv', import.meta.url));

const point = (seriesId: string, day: number, value: number | null) => ({
  stream: seriesId,
  data: { seriesId, timestamp: new Date(Date.UTC(2024, 0, day)).toISOString(), value },
});

describeConnector(fileUploadConnector, {
  validConfig: { path: fixture, checkpointEvery: 2 },
  invalidConfig: { path: `${fixture}.missing` },
  expectedRecords: [
    point('berlin', 1, 120.5),
    point('berlin', 2, 98),
    point('berlin', 3, null),
    point('berlin', 4, 143.25),
    point('berlin', 5, 110),
    point('paris', 1, 210),
    point('paris', 2, 187.5),
    point('paris', 3, 199),
    point('paris', 4, 205.75),
  ],
  incrementalStream: 'berlin',
  futureState: '2030-01-01T00:00:00.000Z',
});
