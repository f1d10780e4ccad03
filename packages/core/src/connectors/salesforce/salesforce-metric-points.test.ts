import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorMessageV1 } from '../../plugin/spec/connector-v1.js';
import type { JsonObjectV1 } from '../../plugin/spec/json-value-v1.js';
import { createMockContext } from '../../testing/create-mock-context.js';
import { startSalesforceFixture } from './__fixtures__/salesforce-fixture-server.js';
import { salesforceConnector } from './salesforce-connector.js';
import { toSalesforceMetricPoints } from './salesforce-metric-points.js';

const fixture = await startSalesforceFixture();
afterAll(() => fixture.close());

async function records(stream: string, state?: JsonObjectV1): Promise<JsonObjectV1[]> {
  const messages: ConnectorMessageV1[] = [];
  const reading = salesforceConnector.read(
    createMockContext({ allowedHosts: ['localhost'], fetch: globalThis.fetch }),
    {
      config: {
        instanceUrl: fixture.url,
        loginUrl: fixture.url,
        clientId: fixture.clientId,
        refreshToken: 'fixture-refresh-token-0',
      },
      catalog: { streams: [{ name: stream, syncMode: 'incremental' }] },
      ...(state === undefined ? {} : { state: { [stream]: state } }),
    },
  );
  for await (const message of reading) messages.push(message);
  return messages.flatMap((message) => (message.type === 'record' ? [message.data] : []));
}

describe('toSalesforceMetricPoints', () => {
  it('maps synced opportunities and orders to daily closed-won, pipeline-by-stage and order points', async () => {
    const points = toSalesforceMetricPoints(
      { opportunities: await records('Opportunity'), orders: await records('Order') },
      { asOf: '2023-12-31', currency: 'EUR' },
    );
    const day = (date: string) => `${date}T00:00:00.000Z`;
    expect(points).toEqual([
      // Deal 6 (won, 450 on 12-04) is deleted and Deal 4 is lost: neither counts.
      {
        metric: 'salesforce_closed_won_amount',
        ts: day('2023-12-01'),
        value: 2000.5,
        dimensions: { currency: 'EUR' },
      },
      {
        metric: 'salesforce_closed_won_amount',
        ts: day('2023-12-03'),
        value: 999.99,
        dimensions: { currency: 'EUR' },
      },
      { metric: 'salesforce_closed_won_count', ts: day('2023-12-01'), value: 2, dimensions: {} },
      { metric: 'salesforce_closed_won_count', ts: day('2023-12-03'), value: 1, dimensions: {} },
      {
        metric: 'salesforce_order_amount',
        ts: day('2023-12-01'),
        value: 310.4,
        dimensions: { currency: 'EUR' },
      },
      // Deal 8 is open without an amount: it adds nothing to the pipeline.
      {
        metric: 'salesforce_pipeline_amount',
        ts: day('2023-12-31'),
        value: 2500,
        dimensions: { currency: 'EUR', stage: 'Negotiation' },
      },
      {
        metric: 'salesforce_pipeline_amount',
        ts: day('2023-12-31'),
        value: 5000,
        dimensions: { currency: 'EUR', stage: 'Prospecting' },
      },
    ]);
  });

  it('counts the latest version of a record once across incremental syncs', async () => {
    const first = await records('Opportunity');
    const last = first.at(-1) as JsonObjectV1;
    const deal1 = fixture.objects[0]?.records[0];
    Object.assign(deal1 ?? {}, { Amount: 1500, SystemModstamp: '2023-12-20T10:00:00.000Z' });
    const second = await records('Opportunity', {
      systemModstamp: last.SystemModstamp ?? '',
      id: last.Id ?? '',
    });
    expect(second.map((record) => record.Id)).toEqual([deal1?.Id]);
    const won = toSalesforceMetricPoints({ opportunities: [...first, ...second] }).filter(
      (point) => point.metric === 'salesforce_closed_won_amount',
    );
    expect(won.map((point) => [point.ts.slice(0, 10), point.value])).toEqual([
      ['2023-12-01', 2300.5],
      ['2023-12-03', 999.99],
    ]);
    expect(won[0]?.dimensions).toEqual({});
  });

  it('refuses an unknown currency code', () => {
    expect(() => toSalesforceMetricPoints({}, { currency: 'EURO' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
