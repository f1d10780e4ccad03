import { z } from 'zod';
import { DyocenseError } from '../../errors/index.js';
import { defineConnector } from '../../plugin/define-connector.js';
import type {
  ConnectorMessageV1,
  ConnectorV1,
  FailureTypeV1,
  TraceMessageV1,
} from '../../plugin/spec/connector-v1.js';
import { describeObject, listObjects, toStream } from './internal/salesforce-describe.js';
import { buildSoql, parseCursor, type SalesforceCursor, toRecordData } from './internal/salesforce-query.js';
import { createSalesforceSession, type SalesforceSessionOptions } from './internal/salesforce-session.js';
import {
  type SalesforceConfig,
  type SalesforceConfigInput,
  salesforceConfigSchema,
  salesforceSecretFields,
} from './salesforce-config.js';
import type { RefreshTokenRotationHandler } from './salesforce-rotation.js';

/** Options of {@link createSalesforceConnector}. */
export interface SalesforceConnectorOptions {
  /**
   * Stores a rotated refresh token (see {@link RefreshTokenRotationHandler}). Without it a rotation is
   * logged as a warning and the next sync needs a reconnection.
   */
  readonly onRefreshTokenRotated?: RefreshTokenRotationHandler;
  /** Source of back-off jitter in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

const queryResultSchema = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const limitsSchema = z.object({
  DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }).optional(),
});

function failureTypeOf(error: unknown): FailureTypeV1 {
  if (!DyocenseError.isInstance(error)) return 'system_error';
  if (error.code === 'unavailable') return 'transient_error';
  if (error.code === 'forbidden' || error.code === 'invalid_input' || error.code === 'not_found') {
    return 'config_error';
  }
  return 'system_error';
}

function traceOf(error: unknown, stream: string): TraceMessageV1 {
  const message = error instanceof Error && error.message !== '' ? error.message : String(error);
  return { type: 'trace', error: { message, failureType: failureTypeOf(error), stream } };
}

/**
 * Creates the Salesforce connector: REST API and SOQL, one stream per object (Opportunity, Account, Order
 * and the chosen custom objects, each with the fields its describe lists), primary key `Id`.
 *
 * - **Auth:** OAuth 2.0 refresh-token grant against `loginUrl`; the access token lives for one call. A 401
 *   (`INVALID_SESSION_ID`) refreshes once and retries. A rotated refresh token goes to `onRefreshTokenRotated`.
 * - **Incremental:** cursor `SystemModstamp`, state `{ systemModstamp, id }` of the last emitted record,
 *   read in `(SystemModstamp, Id)` order with an exact tie-break, so resuming never duplicates or skips
 *   records; checkpoints every `checkpointEvery` records and at the end of each stream.
 * - **Deletions:** incremental reads use `queryAll`, which also returns deleted records; they are emitted
 *   with `IsDeleted: true` and the host removes the record with that `Id`.
 * - **Pagination:** follows `nextRecordsUrl` until `done`; the signal is checked before every page and
 *   aborts the request in flight.
 * - **Limits:** HTTP 429, `REQUEST_LIMIT_EXCEEDED` and 503 are retried with capped, jittered exponential
 *   back-off; past `maxRetries` the stream ends with a `transient_error` trace after its last checkpoint.
 *
 * @example
 * const connector = createSalesforceConnector({
 *   onRefreshTokenRotated: (rotation, context) => secrets.store(dataSourceOf(context), rotation.refreshToken),
 * });
 */
export function createSalesforceConnector(
  options: SalesforceConnectorOptions = {},
): ConnectorV1<SalesforceConfig, SalesforceConfigInput> {
  const sessionOptions: SalesforceSessionOptions = {
    ...(options.onRefreshTokenRotated === undefined
      ? {}
      : { onRefreshTokenRotated: options.onRefreshTokenRotated }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };
  return defineConnector({
    id: 'salesforce',
    name: 'Salesforce',
    description: 'Opportunities, accounts, orders and custom objects from Salesforce through the REST API',
    spec: {
      configSchema: salesforceConfigSchema,
      secretFields: salesforceSecretFields,
      documentationUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/',
    },
    capabilities: { incremental: true, dynamicStreams: true },
    async check(context, config) {
      const session = createSalesforceSession(context, config, sessionOptions);
      const limits = limitsSchema.safeParse(
        await session.getJson(`/services/data/v${config.apiVersion}/limits/`),
      );
      const host = new URL(session.instanceUrl()).host;
      const daily = limits.success ? limits.data.DailyApiRequests : undefined;
      return {
        status: 'succeeded',
        message:
          daily === undefined
            ? `Connected to ${host} (API v${config.apiVersion})`
            : `Connected to ${host} (API v${config.apiVersion}); ${daily.Remaining} of ${daily.Max} daily API requests left`,
      };
    },
    async discover(context, config) {
      const session = createSalesforceSession(context, config, sessionOptions);
      const streams = [];
      for (const name of await listObjects(session, config)) {
        streams.push(toStream(await describeObject(session, config, name)));
      }
      return { streams };
    },
    async *read(context, { config, catalog, state }): AsyncGenerator<ConnectorMessageV1> {
      // Refuse a bad checkpoint before any request, like a bad config.
      const cursors = new Map<string, SalesforceCursor>();
      for (const configured of catalog.streams) {
        const saved = configured.syncMode === 'incremental' ? state?.[configured.name] : undefined;
        if (saved !== undefined) cursors.set(configured.name, parseCursor(configured.name, saved));
      }
      const session = createSalesforceSession(context, config, sessionOptions);
      const upperBound = new Date(context.clock.now() - config.lagSeconds * 1000).toISOString();
      for (const configured of catalog.streams) {
        const stream = configured.name;
        let last: SalesforceCursor | undefined;
        let sinceCheckpoint = 0;
        try {
          const object = await describeObject(session, config, stream);
          const incremental = configured.syncMode === 'incremental' && object.incremental;
          const cursor = incremental ? cursors.get(stream) : undefined;
          const soql = buildSoql(object, {
            ...(cursor === undefined ? {} : { cursor }),
            ...(config.startDate === undefined ? {} : { startDate: config.startDate }),
            upperBound,
          });
          const resource = incremental && config.includeDeleted && object.deletable ? 'queryAll' : 'query';
          let path = `/services/data/v${config.apiVersion}/${resource}/?q=${encodeURIComponent(soql)}`;
          for (;;) {
            const body = await session.getJson(path, {
              'sforce-query-options': `batchSize=${config.pageSize}`,
            });
            yield* session.takeLogs();
            const page = queryResultSchema.safeParse(body);
            if (!page.success) {
              throw new DyocenseError({
                code: 'unavailable',
                message: `Salesforce answered a query of ${stream} with an unexpected body: ${page.error.issues[0]?.message ?? ''}`,
              });
            }
            for (const record of page.data.records) {
              const data = toRecordData(object, record);
              yield { type: 'record', stream, data, emittedAt: context.clock.now() };
              if (!object.incremental) continue;
              last = { systemModstamp: data.SystemModstamp as string, id: data.Id as string };
              if (++sinceCheckpoint >= config.checkpointEvery) {
                yield { type: 'state', stream, data: { ...last } };
                sinceCheckpoint = 0;
              }
            }
            const next = page.data.nextRecordsUrl;
            if (page.data.done || next === undefined) break;
            if (!next.startsWith('/services/data/')) {
              throw new DyocenseError({
                code: 'unavailable',
                message: `Salesforce gave a nextRecordsUrl outside the REST API: ${next.slice(0, 200)}`,
              });
            }
            path = next;
          }
        } catch (error) {
          if (context.signal.aborted) throw error;
          yield* session.takeLogs();
          // Records before the failure stay usable: checkpoint them, then report.
          if (sinceCheckpoint > 0 && last !== undefined) yield { type: 'state', stream, data: { ...last } };
          yield traceOf(error, stream);
          // A missing object or field spoils one stream; anything else (auth, limits, outage) spoils them all.
          if (
            DyocenseError.isInstance(error) &&
            (error.code === 'not_found' || (error.code === 'invalid_input' && 'status' in error.details))
          ) {
            continue;
          }
          return;
        }
        if (sinceCheckpoint > 0 && last !== undefined) yield { type: 'state', stream, data: { ...last } };
      }
      yield* session.takeLogs();
    },
  });
}

/** The Salesforce connector without a rotation handler; see {@link createSalesforceConnector}. */
export const salesforceConnector = createSalesforceConnector();
