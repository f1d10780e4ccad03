import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../plugin/create-registry.js';
import type { ConnectorMessageV1, ConnectorStateV1, SyncModeV1 } from '../../plugin/spec/connector-v1.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';
import { createMockContext, type MockContextOptions } from '../../testing/create-mock-context.js';
import type { SalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import { startSalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import type { SalesforceConfigInput } from './salesforce-config.js';
import { createSalesforceConnector, salesforceConnector } from './salesforce-connector.js';
import { createSalesforcePlugin, salesforcePlugin } from './salesforce-plugin.js';
import type { RefreshTokenRotation } from './salesforce-rotation.js';

let fixture: SalesforceFixture;
beforeEach(async () => {
  fixture = await startSalesforceFixture({ pageSize: 2 });
});
afterEach(() => fixture.close());

const configOf = (overrides: Partial<SalesforceConfigInput> = {}): SalesforceConfigInput => ({
  instanceUrl: fixture.url,
  loginUrl: fixture.url,
  clientId: fixture.clientId,
  clientSecret: fixture.clientSecret,
  refreshToken: 'fixture-refresh-token-0',
  checkpointEvery: 2,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 4,
  ...overrides,
});

const contextOf = (options: MockContextOptions = {}) =>
  createMockContext({ allowedHosts: ['localhost'], fetch: globalThis.fetch, ...options });

async function collect(messages: AsyncIterable<ConnectorMessageV1>): Promise<ConnectorMessageV1[]> {
  const result: ConnectorMessageV1[] = [];
  for await (const message of messages) result.push(message);
  return result;
}

function read(
  stream: string,
  syncMode: SyncModeV1,
  options: {
    config?: Partial<SalesforceConfigInput>;
    state?: ConnectorStateV1;
    context?: PluginContextV1;
  } = {},
  connector = salesforceConnector,
) {
  return collect(
    connector.read(options.context ?? contextOf(), {
      config: configOf(options.config),
      catalog: { streams: [{ name: stream, syncMode }] },
      ...(options.state === undefined ? {} : { state: options.state }),
    }),
  );
}

const ids = (messages: readonly ConnectorMessageV1[]) =>
  messages.flatMap((message) => (message.type === 'record' ? [message.data.Id] : []));
const states = (messages: readonly ConnectorMessageV1[]) =>
  messages.flatMap((message) => (message.type === 'state' ? [message.data] : []));
const opportunity = (n: number) => `006000000000${String(n).padStart(3, '0')}AAA`;

describe('salesforce connector: discover', () => {
  it('offers Opportunity, Account, Order and the queryable custom objects, with their described fields', async () => {
    const catalog = await salesforceConnector.discover(contextOf(), configOf());
    expect(catalog.streams.map((stream) => stream.name)).toEqual([
      'Opportunity',
      'Account',
      'Order',
      'Invoice__c',
    ]);
    const opportunities = catalog.streams[0];
    expect(opportunities).toMatchObject({ primaryKey: ['Id'], cursorField: 'SystemModstamp' });
    expect(opportunities?.supportedSyncModes).toEqual(['full_refresh', 'incremental']);
    expect(opportunities?.fields.find((field) => field.name === 'Amount')).toEqual({
      name: 'Amount',
      type: 'number',
      nullable: true,
      description: 'Amount',
    });
    expect(opportunities?.fields.find((field) => field.name === 'CloseDate')?.type).toBe('date');
    // The compound address field cannot be read through SOQL as a scalar.
    expect(catalog.streams[1]?.fields.map((field) => field.name)).not.toContain('BillingAddress');
    expect(fixture.requests.filter((request) => request.kind === 'describe')).toHaveLength(4);
  });

  it('limits custom objects to the configured ones and names a missing one', async () => {
    const chosen = await salesforceConnector.discover(
      contextOf(),
      configOf({ customObjects: ['Invoice__c'] }),
    );
    expect(chosen.streams.map((stream) => stream.name)).toContain('Invoice__c');
    await expect(
      salesforceConnector.discover(contextOf(), configOf({ customObjects: ['AuditTrail__c'] })),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('"AuditTrail__c"') });
  });
});

describe('salesforce connector: read', () => {
  it('pages a full refresh through nextRecordsUrl with query, skipping deleted records', async () => {
    const messages = await read('Opportunity', 'full_refresh');
    expect(ids(messages)).toEqual([1, 2, 3, 4, 5, 7, 8].map(opportunity));
    const first = messages.find((message) => message.type === 'record');
    expect(first?.type === 'record' && first.data).toEqual({
      Id: opportunity(1),
      IsDeleted: false,
      SystemModstamp: '2023-12-01T09:00:00.000Z',
      Name: 'Deal 1',
      AccountId: '001000000000001AAA',
      StageName: 'Closed Won',
      Amount: 1200,
      CloseDate: '2023-12-01',
      IsClosed: true,
      IsWon: true,
      Probability: 100,
    });
    const queries = fixture.requests.filter((request) => request.kind.startsWith('query'));
    expect(queries.map((request) => request.kind)).toEqual([
      'query',
      'query-more',
      'query-more',
      'query-more',
    ]);
    expect(queries[0]?.soql).toBe(
      'SELECT Id, IsDeleted, SystemModstamp, Name, AccountId, StageName, Amount, CloseDate, IsClosed, IsWon, Probability FROM Opportunity WHERE SystemModstamp <= 2023-12-31T23:59:00.000Z ORDER BY SystemModstamp ASC, Id ASC',
    );
    expect(queries.every((request) => request.queryOptions === 'batchSize=2000')).toBe(true);
    expect(queries[0]?.authorization).toMatch(/^Bearer 00Dfixture!/);
  });

  it('reads incrementally with queryAll and surfaces deleted records as IsDeleted', async () => {
    const messages = await read('Opportunity', 'incremental');
    expect(ids(messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(opportunity));
    const deleted = messages.find(
      (message) => message.type === 'record' && message.data.Id === opportunity(6),
    );
    expect(deleted?.type === 'record' && deleted.data.IsDeleted).toBe(true);
    expect(fixture.requests.find((request) => request.kind.startsWith('query'))?.kind).toBe('queryAll');
    expect(states(messages)).toEqual([
      { systemModstamp: '2023-12-01T09:00:00.000Z', id: opportunity(2) },
      { systemModstamp: '2023-12-02T10:30:00.250Z', id: opportunity(4) },
      { systemModstamp: '2023-12-04T12:00:00.000Z', id: opportunity(6) },
      { systemModstamp: '2023-12-06T07:15:00.000Z', id: opportunity(8) },
    ]);
  });

  it('resumes inside a SystemModstamp tie with an Id tie-break, without duplicates', async () => {
    const state = { Opportunity: { systemModstamp: '2023-12-01T09:00:00.000Z', id: opportunity(2) } };
    const messages = await read('Opportunity', 'incremental', { state });
    expect(ids(messages)).toEqual([3, 4, 5, 6, 7, 8].map(opportunity));
    expect(fixture.requests.find((request) => request.kind === 'queryAll')?.soql).toContain(
      `WHERE (SystemModstamp > 2023-12-01T09:00:00.000Z OR (SystemModstamp = 2023-12-01T09:00:00.000Z AND Id > '${opportunity(2)}'))`,
    );
  });

  it('picks up records updated and deleted after the last checkpoint', async () => {
    const last = states(await read('Opportunity', 'incremental')).at(-1) as ConnectorStateV1[string];
    const records = fixture.objects[0]?.records ?? [];
    Object.assign(records[0] ?? {}, { Amount: 1500, SystemModstamp: '2023-12-10T09:00:00.000Z' });
    Object.assign(records[2] ?? {}, { IsDeleted: true, SystemModstamp: '2023-12-11T09:00:00.000Z' });
    const messages = await read('Opportunity', 'incremental', { state: { Opportunity: last } });
    const data = messages.flatMap((message) => (message.type === 'record' ? [message.data] : []));
    expect(data.map((record) => [record.Id, record.Amount, record.IsDeleted])).toEqual([
      [opportunity(1), 1500, false],
      [opportunity(3), 5000, true],
    ]);
  });

  it('leaves records modified within lagSeconds of now for the next sync', async () => {
    fixture.objects[0]?.records.push({
      ...fixture.objects[0].records[0],
      Id: opportunity(9),
      SystemModstamp: '2023-12-31T23:59:30.000Z',
    });
    expect(ids(await read('Opportunity', 'incremental'))).not.toContain(opportunity(9));
    expect(ids(await read('Opportunity', 'incremental', { config: { lagSeconds: 0 } }))).toContain(
      opportunity(9),
    );
  });

  it('reports an unknown stream as a config error and still reads the others', async () => {
    const messages = await collect(
      salesforceConnector.read(contextOf(), {
        config: configOf(),
        catalog: {
          streams: [
            { name: 'Nope__c', syncMode: 'full_refresh' },
            { name: 'Invoice__c', syncMode: 'full_refresh' },
          ],
        },
      }),
    );
    expect(messages[0]).toEqual({
      type: 'trace',
      error: {
        message: expect.stringContaining('NOT_FOUND'),
        failureType: 'config_error',
        stream: 'Nope__c',
      },
    });
    expect(ids(messages)).toEqual(['a00000000000001AAA']);
  });

  it('refuses a state it did not write before any request', async () => {
    await expect(
      read('Opportunity', 'incremental', { state: { Opportunity: '2023-12-01' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(fixture.requests).toHaveLength(0);
  });
});

describe('salesforce connector: API limits', () => {
  it('retries HTTP 429 with back-off and loses no record', async () => {
    fixture.failNext('too-many-requests', 2, 'query-more');
    const messages = await read('Opportunity', 'incremental');
    expect(ids(messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(opportunity));
    const pages = fixture.requests.filter((request) => request.kind === 'query-more');
    expect(pages.map((request) => request.status)).toEqual([429, 429, 200, 200, 200]);
    expect(
      messages
        .filter((message) => message.type === 'log')
        .map((message) => message.type === 'log' && message.level),
    ).toEqual(['warn', 'warn']);
  });

  it('honours Retry-After up to the delay cap', async () => {
    fixture.retryAfterSeconds = 30;
    fixture.failNext('too-many-requests', 1, 'describe');
    const connector = createSalesforceConnector({ random: () => 0 });
    const messages = await read('Invoice__c', 'full_refresh', { config: { retryMaxDelayMs: 4 } }, connector);
    expect(messages.filter((message) => message.type === 'log')).toEqual([
      { type: 'log', level: 'warn', message: expect.stringMatching(/retry 1 of 5 in 4 ms$/) },
    ]);
    expect(ids(messages)).toEqual(['a00000000000001AAA']);
  });

  it('doubles the jittered REQUEST_LIMIT_EXCEEDED delay up to the cap, then fails transiently after the last checkpoint', async () => {
    fixture.failNext('request-limit', 10, 'query-more');
    const connector = createSalesforceConnector({ random: () => 1 });
    const messages = await read(
      'Opportunity',
      'incremental',
      { config: { maxRetries: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 3, checkpointEvery: 5 } },
      connector,
    );
    const logs = messages.flatMap((message) => (message.type === 'log' ? [message.message] : []));
    expect(logs.map((line) => /in (\d+) ms/.exec(line)?.[1])).toEqual(['1', '2', '3']);
    expect(logs[0]).toContain('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    expect(fixture.requests.filter((request) => request.kind === 'query-more')).toHaveLength(4);
    expect(ids(messages)).toEqual([opportunity(1), opportunity(2)]);
    // The two records read before the failure are checkpointed even though checkpointEvery was not reached.
    expect(messages.filter((message) => message.type !== 'log').slice(-2)).toEqual([
      {
        type: 'state',
        stream: 'Opportunity',
        data: { systemModstamp: '2023-12-01T09:00:00.000Z', id: opportunity(2) },
      },
      {
        type: 'trace',
        error: {
          message: expect.stringContaining('gave up after 3 retries'),
          failureType: 'transient_error',
          stream: 'Opportunity',
        },
      },
    ]);
  });
});

describe('salesforce connector: sessions and tokens', () => {
  it('refreshes once on INVALID_SESSION_ID and retries the page', async () => {
    const iterator = salesforceConnector
      .read(contextOf(), {
        config: configOf(),
        catalog: { streams: [{ name: 'Opportunity', syncMode: 'incremental' }] },
      })
      [Symbol.asyncIterator]();
    const messages: ConnectorMessageV1[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      if (messages.length === 0) fixture.expireSessions();
      messages.push(next.value);
    }
    expect(ids(messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(opportunity));
    const sequence = fixture.requests.map((request) => `${request.kind} ${request.status}`);
    expect(sequence).toEqual([
      'token 200',
      'describe 200',
      'queryAll 200',
      'query-more 401',
      'token 200',
      'query-more 200',
      'query-more 200',
      'query-more 200',
    ]);
  });

  it('refreshes only once when the new session is refused too', async () => {
    fixture.rejectSessions = true;
    const messages = await read('Opportunity', 'incremental');
    expect(messages.at(-1)).toEqual({
      type: 'trace',
      error: {
        message: expect.stringContaining('INVALID_SESSION_ID: Session expired or invalid'),
        failureType: 'config_error',
        stream: 'Opportunity',
      },
    });
    expect(fixture.requests.map((request) => `${request.kind} ${request.status}`)).toEqual([
      'token 200',
      'describe 401',
      'token 200',
      'describe 401',
    ]);
  });

  it('reports a revoked refresh token as a config error', async () => {
    const status = await salesforceConnector.check(contextOf(), configOf({ refreshToken: 'revoked' }));
    expect(status).toEqual({
      status: 'failed',
      message: expect.stringContaining('invalid_grant (expired access/refresh token); reconnect'),
    });
    fixture.validRefreshTokens.clear();
    const messages = await read('Opportunity', 'incremental');
    expect(messages).toEqual([
      {
        type: 'trace',
        error: expect.objectContaining({ failureType: 'config_error', stream: 'Opportunity' }),
      },
    ]);
  });

  it('hands a rotated refresh token to the host and refreshes with it afterwards', async () => {
    fixture.rotateRefreshTokens = true;
    const rotations: { rotation: RefreshTokenRotation; context: PluginContextV1 }[] = [];
    const connector = createSalesforceConnector({
      onRefreshTokenRotated: (rotation, context) => {
        rotations.push({ rotation, context });
      },
    });
    const context = contextOf();
    const iterator = connector
      .read(context, {
        config: configOf(),
        catalog: { streams: [{ name: 'Opportunity', syncMode: 'incremental' }] },
      })
      [Symbol.asyncIterator]();
    const messages: ConnectorMessageV1[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      if (messages.length === 0) fixture.expireSessions();
      messages.push(next.value);
    }
    expect(ids(messages)).toHaveLength(8);
    expect(rotations.map((item) => [item.rotation.previousRefreshToken, item.rotation.refreshToken])).toEqual(
      [
        ['fixture-refresh-token-0', 'fixture-refresh-token-1'],
        ['fixture-refresh-token-1', 'fixture-refresh-token-2'],
      ],
    );
    expect(rotations[0]?.context).toBe(context);
    expect(rotations[0]?.rotation.instanceUrl).toBe(fixture.url);
    const refreshes = fixture.requests.filter((request) => request.kind === 'token');
    expect(refreshes.map((request) => request.form?.refresh_token)).toEqual([
      'fixture-refresh-token-0',
      'fixture-refresh-token-1',
    ]);
    expect([...fixture.validRefreshTokens]).toEqual(['fixture-refresh-token-2']);
    // The tokens never reach the sync log.
    expect(JSON.stringify(messages)).not.toContain('fixture-refresh-token');
    expect(JSON.stringify(context.logs)).not.toMatch(/fixture-refresh-token|00Dfixture!/);
    expect(context.logs.map((entry) => entry.level)).toEqual(['info', 'info', 'info']);
    expect(messages.filter((message) => message.type === 'log')).toHaveLength(3);
  });

  it('warns when a rotation happens without a handler', async () => {
    fixture.rotateRefreshTokens = true;
    const messages = await read('Invoice__c', 'full_refresh');
    expect(messages).toContainEqual({
      type: 'log',
      level: 'warn',
      message: expect.stringContaining('no onRefreshTokenRotated handler'),
    });
  });

  it('reads the secret fields from context.secrets when the config leaves them out', async () => {
    const { clientSecret: _secret, refreshToken: _token, ...config } = configOf();
    const context = contextOf({
      secrets: { refreshToken: 'fixture-refresh-token-0', clientSecret: fixture.clientSecret },
    });
    expect((await salesforceConnector.check(context, config)).status).toBe('succeeded');
    expect(fixture.requests[0]?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'fixture-refresh-token-0',
      client_secret: fixture.clientSecret,
    });
    const missing = await salesforceConnector.check(contextOf(), config);
    expect(missing).toEqual({
      status: 'failed',
      message: expect.stringContaining('No Salesforce refresh token'),
    });
  });

  it('reports the daily API requests left from check', async () => {
    const status = await salesforceConnector.check(contextOf(), configOf());
    expect(status).toEqual({
      status: 'succeeded',
      message: `Connected to ${new URL(fixture.url).host} (API v62.0); 14998 of 15000 daily API requests left`,
    });
  });
});

describe('salesforce connector: cancellation', () => {
  it('stops while a next page is in flight and requests nothing more', async () => {
    fixture.stallQueryMore = true;
    const controller = new AbortController();
    const iterator = salesforceConnector
      .read(contextOf({ signal: controller.signal }), {
        config: configOf({ checkpointEvery: 100 }),
        catalog: { streams: [{ name: 'Opportunity', syncMode: 'full_refresh' }] },
      })
      [Symbol.asyncIterator]();
    const firstPage = [await iterator.next(), await iterator.next()];
    expect(firstPage.map((next) => next.value?.type)).toEqual(['record', 'record']);
    const stalled = fixture.waitForRequest((request) => request.kind === 'query-more');
    const pending = iterator.next();
    await stalled;
    const reason = new Error('sync cancelled');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(fixture.requests.map((request) => request.kind)).toEqual([
      'token',
      'describe',
      'query',
      'query-more',
    ]);
    expect(fixture.requests.at(-1)?.status).toBeUndefined();
  });
});

describe('salesforce plugin', () => {
  it('is a plugin the registry accepts, declaring Salesforce hosts and its secrets', () => {
    const registry = createRegistry();
    registry.register(salesforcePlugin);
    expect(registry.getConnector('salesforce')).toBe(salesforceConnector);
    expect(salesforcePlugin.manifest.permissions).toEqual({
      allowedHosts: ['login.salesforce.com', 'test.salesforce.com', '*.salesforce.com', '*.force.com'],
      secrets: ['clientSecret', 'refreshToken'],
    });
    expect(salesforceConnector.spec.secretFields).toEqual(['clientSecret', 'refreshToken']);
    const custom = createSalesforcePlugin({ extraAllowedHosts: ['sf-proxy.example.com'] });
    expect(custom.manifest.permissions.allowedHosts).toContain('sf-proxy.example.com');
  });
});
