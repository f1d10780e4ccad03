import { afterAll } from 'vitest';
import { describeConnector } from '../../testing/describe-connector.js';
import { startSalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import { salesforceConnector } from './salesforce-connector.js';

const fixture = await startSalesforceFixture({ pageSize: 2 });
afterAll(() => fixture.close());

const config = {
  instanceUrl: fixture.url,
  loginUrl: fixture.url,
  clientId: fixture.clientId,
  clientSecret: fixture.clientSecret,
  refreshToken: 'fixture-refresh-token-0',
  pageSize: 200,
  checkpointEvery: 2,
};

describeConnector(salesforceConnector, {
  validConfig: config,
  invalidConfig: { ...config, refreshToken: 'revoked-refresh-token' },
  incrementalStream: 'Opportunity',
  context: { allowedHosts: ['localhost'], fetch: globalThis.fetch },
});
