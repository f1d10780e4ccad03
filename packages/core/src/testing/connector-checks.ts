import { z } from 'zod';
import { DyocenseError } from '../errors/index.js';
import { catalogSchema, configuredCatalogSchema } from '../plugin/catalog-schema.js';
import { connectorMessageSchema } from '../plugin/connector-message-schema.js';
import {
  connectorCapabilityProblems,
  connectorSecretProblems,
} from '../plugin/internal/capability-problems.js';
import { connectorShapeSchema } from '../plugin/internal/contribution-schemas.js';
import { recordProblems } from '../plugin/internal/record-problems.js';
import type {
  CatalogV1,
  ConfiguredCatalogV1,
  ConnectorMessageV1,
  ConnectorStateV1,
  ConnectorV1,
  RecordMessageV1,
  StreamV1,
  SyncModeV1,
} from '../plugin/spec/connector-v1.js';
import type { JsonObjectV1, JsonValueV1 } from '../plugin/spec/json-value-v1.js';
import { failIfProblems } from './conformance-failure.js';
import { createMockContext, type MockContextOptions } from './create-mock-context.js';
import { settle, withTimeout } from './internal/with-timeout.js';

/** Ids of the tests {@link describeConnector} generates, usable in its skip list. */
export const connectorTestIds = [
  'spec',
  'check-valid',
  'check-invalid',
  'discover',
  'read',
  'full-refresh',
  'incremental-resume',
  'incremental-future-state',
  'cancellation',
] as const;

/** One of {@link connectorTestIds}. */
export type ConnectorTestId = (typeof connectorTestIds)[number];

/** What the connector checks need besides the connector. */
export interface ConnectorFixture<ConfigInput = unknown> {
  /** A configuration whose `check` succeeds and whose `read` emits records. */
  readonly validConfig: ConfigInput;
  /** A configuration whose `check` must return `failed` (without throwing). */
  readonly invalidConfig: unknown;
  /** When given, a full-refresh read must emit exactly these records (any order). */
  readonly expectedRecords?: readonly { readonly stream: string; readonly data: JsonObjectV1 }[];
  /** Stream used by the incremental tests. Default: the first discovered stream that supports incremental. */
  readonly incrementalStream?: string;
  /** A state beyond the end of `incrementalStream`. Default: the last state of a complete read. */
  readonly futureState?: JsonValueV1;
  /** Options of every mock context the checks create (recorded fetch responses, secrets, clock). */
  readonly context?: MockContextOptions;
  /** How long a read may take to stop after an abort, in milliseconds. Default 1000. */
  readonly cancellationTimeoutMs?: number;
}

type AnyConnector = ConnectorV1<unknown, unknown>;

function context(fixture: ConnectorFixture, signal?: AbortSignal) {
  return createMockContext({ ...fixture.context, ...(signal === undefined ? {} : { signal }) });
}

function describeError(error: unknown): string {
  if (DyocenseError.isInstance(error)) return `DyocenseError ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function discover(
  connector: AnyConnector,
  fixture: ConnectorFixture,
  check: string,
): Promise<CatalogV1> {
  const outcome = await settle(connector.discover(context(fixture), fixture.validConfig));
  if (!outcome.ok) failIfProblems(check, [`discover threw ${describeError(outcome.error)}`]);
  const catalog = (outcome as { value: CatalogV1 }).value;
  const parsed = catalogSchema.safeParse(catalog);
  if (!parsed.success) {
    failIfProblems(
      check,
      parsed.error.issues.map((issue) => `catalog.${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return catalog;
}

async function readAll(
  connector: AnyConnector,
  fixture: ConnectorFixture,
  catalog: ConfiguredCatalogV1,
  state: ConnectorStateV1 | undefined,
  check: string,
): Promise<ConnectorMessageV1[]> {
  const messages: ConnectorMessageV1[] = [];
  const request = { config: fixture.validConfig, catalog, ...(state === undefined ? {} : { state }) };
  try {
    for await (const message of connector.read(context(fixture), request)) messages.push(message);
  } catch (error) {
    failIfProblems(check, [`read threw ${describeError(error)} after ${messages.length} messages`]);
  }
  const problems: string[] = [];
  messages.forEach((message, index) => {
    const parsed = connectorMessageSchema.safeParse(message);
    if (!parsed.success) {
      problems.push(
        `message ${index + 1} is malformed: ${parsed.error.issues[0]?.message ?? ''} (${JSON.stringify(message)?.slice(0, 200)})`,
      );
    } else if (message.type === 'trace') {
      problems.push(`message ${index + 1} reports an error: ${message.error.message}`);
    }
  });
  failIfProblems(check, problems);
  return messages;
}

function syncModeFor(stream: StreamV1, preferred: SyncModeV1): SyncModeV1 {
  return stream.supportedSyncModes.includes(preferred)
    ? preferred
    : (stream.supportedSyncModes[0] ?? preferred);
}

function fullRefreshCatalog(catalog: CatalogV1): ConfiguredCatalogV1 {
  return {
    streams: catalog.streams.map((stream) => ({
      name: stream.name,
      syncMode: syncModeFor(stream, 'full_refresh'),
    })),
  };
}

const records = (messages: readonly ConnectorMessageV1[]): RecordMessageV1[] =>
  messages.filter((message): message is RecordMessageV1 => message.type === 'record');

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([left], [right]) =>
      left < right ? -1 : left > right ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const recordKey = (record: { stream: string; data: JsonObjectV1 }): string =>
  `${record.stream}\u0000${canonical(record.data)}`;

function identity(stream: StreamV1, data: JsonObjectV1): string {
  if (stream.primaryKey.length === 0) return canonical(data);
  return canonical(stream.primaryKey.map((key) => data[key] ?? null));
}

function multisetDifference(left: readonly string[], right: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of right) counts.set(key, (counts.get(key) ?? 0) + 1);
  const missing: string[] = [];
  for (const key of left) {
    const count = counts.get(key) ?? 0;
    if (count === 0) missing.push(key);
    else counts.set(key, count - 1);
  }
  return missing;
}

/**
 * `spec`: the connector's shape is valid, its apiVersion is 1, its capabilities and secret fields are
 * consistent, and its config schema converts to JSON Schema with `z.toJSONSchema`.
 */
export async function checkConnectorSpec(connector: AnyConnector): Promise<void> {
  const shape = connectorShapeSchema.safeParse(connector);
  if (!shape.success) {
    failIfProblems(
      'spec',
      shape.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  if (connector.apiVersion !== 1) problems.push(`apiVersion is ${connector.apiVersion}, expected 1`);
  problems.push(...connectorSecretProblems(connector), ...connectorCapabilityProblems(connector));
  try {
    const jsonSchema = z.toJSONSchema(connector.spec.configSchema, { io: 'input' });
    if (typeof jsonSchema !== 'object') problems.push('the config JSON Schema is not an object');
  } catch (error) {
    problems.push(`the config schema does not convert to JSON Schema: ${describeError(error)}`);
  }
  failIfProblems('spec', problems);
}

/** `check-valid`: `check` with the valid config returns `succeeded`. */
export async function checkConnectorCheckSucceeds(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const outcome = await settle(
    Promise.resolve().then(() => connector.check(context(fixture), fixture.validConfig)),
  );
  if (!outcome.ok) failIfProblems('check-valid', [`check threw ${describeError(outcome.error)}`]);
  const status = (outcome as { value: unknown }).value as { status?: unknown; message?: unknown } | undefined;
  if (status?.status !== 'succeeded') {
    failIfProblems('check-valid', [
      `check returned ${JSON.stringify(status)} for the valid config, expected status "succeeded"`,
    ]);
  }
}

/** `check-invalid`: `check` with the invalid config returns `failed` with a message, without throwing. */
export async function checkConnectorCheckFails(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const outcome = await settle(
    Promise.resolve().then(() => connector.check(context(fixture), fixture.invalidConfig)),
  );
  if (!outcome.ok) {
    failIfProblems('check-invalid', [
      `check threw ${describeError(outcome.error)}; it must return status "failed"`,
    ]);
  }
  const status = (outcome as { value: unknown }).value as { status?: unknown; message?: unknown } | undefined;
  const problems: string[] = [];
  if (status?.status !== 'failed')
    problems.push(`check returned ${JSON.stringify(status)}, expected status "failed"`);
  else if (typeof status.message !== 'string' || status.message.trim() === '') {
    problems.push('check failed without a message for the user');
  }
  failIfProblems('check-invalid', problems);
}

/**
 * `discover`: the catalog is valid and not empty, matches the static streams when the catalog is static,
 * and offers incremental sync exactly when the connector declares it.
 */
export async function checkConnectorDiscover(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const catalog = await discover(connector, fixture, 'discover');
  const problems: string[] = [];
  if (catalog.streams.length === 0) problems.push('discover returned no streams for the valid config');
  if (!connector.capabilities.dynamicStreams) {
    const expected = (connector.streams ?? []).map((stream) => stream.name).sort();
    const actual = catalog.streams.map((stream) => stream.name).sort();
    if (expected.join('\n') !== actual.join('\n')) {
      problems.push(
        `discover returned streams [${actual.join(', ')}] but the static catalog lists [${expected.join(', ')}]`,
      );
    }
  }
  const incremental = catalog.streams.filter((stream) => stream.supportedSyncModes.includes('incremental'));
  if (connector.capabilities.incremental && incremental.length === 0) {
    problems.push('the connector declares incremental support but no discovered stream supports it');
  }
  if (!connector.capabilities.incremental && incremental.length > 0) {
    problems.push(
      'a discovered stream supports incremental sync but the connector declares incremental: false',
    );
  }
  failIfProblems('discover', problems);
}

/**
 * `read`: a full read of every stream emits valid messages, no errors, at least one record, and records
 * that match their stream's fields exactly; with `expectedRecords`, exactly those records.
 */
export async function checkConnectorRead(connector: AnyConnector, fixture: ConnectorFixture): Promise<void> {
  const catalog = await discover(connector, fixture, 'read');
  const configured = fullRefreshCatalog(catalog);
  const messages = await readAll(connector, fixture, configured, undefined, 'read');
  const streams = new Map(catalog.streams.map((stream) => [stream.name, stream]));
  const problems: string[] = [];
  const emitted = records(messages);
  if (emitted.length === 0) problems.push('a full read of every stream emitted no records');
  emitted.forEach((record, index) => {
    const stream = streams.get(record.stream);
    if (stream === undefined) {
      problems.push(`record ${index + 1} belongs to stream "${record.stream}", which was not requested`);
      return;
    }
    for (const problem of recordProblems(stream, record.data)) {
      problems.push(`record ${index + 1} of "${record.stream}": ${problem}`);
    }
  });
  for (const message of messages) {
    if (message.type === 'state' && !streams.has(message.stream)) {
      problems.push(`a state message names stream "${message.stream}", which was not requested`);
    }
  }
  if (fixture.expectedRecords !== undefined) {
    const actual = emitted.map(recordKey);
    const expected = fixture.expectedRecords.map(recordKey);
    for (const key of multisetDifference(expected, actual))
      problems.push(`expected record not emitted: ${key.replace('\u0000', ' ')}`);
    for (const key of multisetDifference(actual, expected))
      problems.push(`unexpected record emitted: ${key.replace('\u0000', ' ')}`);
  }
  failIfProblems('read', problems);
}

/** `full-refresh`: two full reads emit the same records. */
export async function checkConnectorFullRefresh(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const catalog = fullRefreshCatalog(await discover(connector, fixture, 'full-refresh'));
  const first = records(await readAll(connector, fixture, catalog, undefined, 'full-refresh')).map(recordKey);
  const second = records(await readAll(connector, fixture, catalog, undefined, 'full-refresh')).map(
    recordKey,
  );
  const problems = [
    ...multisetDifference(first, second).map(
      (key) => `only the first run emitted ${key.replace('\u0000', ' ')}`,
    ),
    ...multisetDifference(second, first).map(
      (key) => `only the second run emitted ${key.replace('\u0000', ' ')}`,
    ),
  ];
  failIfProblems('full-refresh', problems);
}

async function incrementalStream(
  connector: AnyConnector,
  fixture: ConnectorFixture,
  check: string,
): Promise<StreamV1> {
  const catalog = await discover(connector, fixture, check);
  const stream =
    fixture.incrementalStream === undefined
      ? catalog.streams.find((candidate) => candidate.supportedSyncModes.includes('incremental'))
      : catalog.streams.find((candidate) => candidate.name === fixture.incrementalStream);
  if (stream === undefined || !stream.supportedSyncModes.includes('incremental')) {
    failIfProblems(check, [
      fixture.incrementalStream === undefined
        ? 'no discovered stream supports incremental sync'
        : `stream "${fixture.incrementalStream}" was not discovered with incremental support`,
    ]);
  }
  return stream as StreamV1;
}

/** Up to `count` evenly spaced indexes of `length`, always including the last. */
function spread(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, index) => index);
  return [
    ...new Set(Array.from({ length: count }, (_, index) => Math.round(((index + 1) * (length - 1)) / count))),
  ];
}

/**
 * `incremental-resume`: an incremental read emits state checkpoints; resuming from a checkpoint emits
 * exactly the records that followed it in the first read, so nothing is duplicated and nothing is lost
 * (records are identified by primary key, or by content without one). Checks up to five checkpoints.
 */
export async function checkConnectorIncrementalResume(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const check = 'incremental-resume';
  const stream = await incrementalStream(connector, fixture, check);
  const catalog: ConfiguredCatalogV1 = { streams: [{ name: stream.name, syncMode: 'incremental' }] };
  configuredCatalogSchema.parse(catalog);
  const first = await readAll(connector, fixture, catalog, undefined, check);
  const checkpoints: { index: number; data: JsonValueV1 }[] = [];
  first.forEach((message, index) => {
    if (message.type === 'state' && message.stream === stream.name)
      checkpoints.push({ index, data: message.data });
  });
  if (records(first).length === 0)
    failIfProblems(check, [`an incremental read of "${stream.name}" emitted no records`]);
  if (checkpoints.length === 0)
    failIfProblems(check, [`an incremental read of "${stream.name}" emitted no state message`]);
  const problems: string[] = [];
  for (const position of spread(checkpoints.length, 5)) {
    const checkpoint = checkpoints[position] as { index: number; data: JsonValueV1 };
    const before = records(first.slice(0, checkpoint.index)).map((record) => identity(stream, record.data));
    const after = records(first.slice(checkpoint.index)).map((record) => identity(stream, record.data));
    const resumed = records(
      await readAll(connector, fixture, catalog, { [stream.name]: checkpoint.data }, check),
    ).map((record) => identity(stream, record.data));
    const label = `resuming from checkpoint ${position + 1} of ${checkpoints.length} (${JSON.stringify(checkpoint.data)})`;
    const seen = new Set(before);
    const duplicates = resumed.filter((key) => seen.has(key));
    if (duplicates.length > 0)
      problems.push(`${label} re-emitted ${duplicates.length} record(s) already read, e.g. ${duplicates[0]}`);
    const lost = multisetDifference(after, resumed);
    if (lost.length > 0) problems.push(`${label} lost ${lost.length} record(s), e.g. ${lost[0]}`);
    const repeated = resumed.filter((key, index) => resumed.indexOf(key) !== index);
    if (repeated.length > 0) problems.push(`${label} emitted ${repeated[0]} more than once`);
  }
  failIfProblems(check, problems);
}

/** `incremental-future-state`: reading with a state past the end emits no records of that stream. */
export async function checkConnectorFutureState(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const check = 'incremental-future-state';
  const stream = await incrementalStream(connector, fixture, check);
  const catalog: ConfiguredCatalogV1 = { streams: [{ name: stream.name, syncMode: 'incremental' }] };
  let state = fixture.futureState;
  if (state === undefined) {
    const first = await readAll(connector, fixture, catalog, undefined, check);
    const last = first.filter((message) => message.type === 'state' && message.stream === stream.name).at(-1);
    if (last === undefined || last.type !== 'state') {
      failIfProblems(check, [`an incremental read of "${stream.name}" emitted no state message`]);
    }
    state = (last as { data: JsonValueV1 }).data;
  }
  const emitted = records(await readAll(connector, fixture, catalog, { [stream.name]: state }, check));
  failIfProblems(
    check,
    emitted.length === 0
      ? []
      : [
          `reading "${stream.name}" from state ${JSON.stringify(state)} emitted ${emitted.length} record(s), expected none`,
        ],
  );
}

/**
 * `cancellation`: a read whose signal is already aborted emits nothing; aborting after the first record
 * stops the read within the timeout without another message.
 */
export async function checkConnectorCancellation(
  connector: AnyConnector,
  fixture: ConnectorFixture,
): Promise<void> {
  const check = 'cancellation';
  const timeout = fixture.cancellationTimeoutMs ?? 1_000;
  const catalog = fullRefreshCatalog(await discover(connector, fixture, check));
  const problems: string[] = [];

  const aborted = connector
    .read(context(fixture, AbortSignal.abort(new Error('aborted before start'))), {
      config: fixture.validConfig,
      catalog,
    })
    [Symbol.asyncIterator]();
  const early = await withTimeout(settle(aborted.next()), timeout);
  if (early.timedOut) problems.push(`a read with an aborted signal did not settle within ${timeout} ms`);
  else if (early.value.ok && early.value.value.done !== true) {
    problems.push(
      `a read with an aborted signal emitted ${JSON.stringify(early.value.value.value).slice(0, 200)}`,
    );
  }
  await withTimeout(settle(Promise.resolve(aborted.return?.())), timeout);

  const controller = new AbortController();
  const iterator = connector
    .read(context(fixture, controller.signal), { config: fixture.validConfig, catalog })
    [Symbol.asyncIterator]();
  let sawRecord = false;
  try {
    while (!sawRecord) {
      const next = await iterator.next();
      if (next.done === true) break;
      sawRecord = next.value.type === 'record';
    }
  } catch (error) {
    failIfProblems(check, [...problems, `read threw ${describeError(error)} before the abort`]);
  }
  if (!sawRecord) problems.push('the read emitted no record to cancel after');
  else {
    controller.abort(new Error('cancelled by the conformance kit'));
    const started = Date.now();
    const after = await withTimeout(settle(iterator.next()), timeout);
    if (after.timedOut) problems.push(`the read did not stop within ${timeout} ms of the abort`);
    else if (after.value.ok && after.value.value.done !== true) {
      problems.push(
        `the read emitted ${JSON.stringify(after.value.value.value).slice(0, 200)} ${Date.now() - started} ms after the abort`,
      );
    }
  }
  await withTimeout(settle(Promise.resolve(iterator.return?.())), timeout);
  failIfProblems(check, problems);
}
