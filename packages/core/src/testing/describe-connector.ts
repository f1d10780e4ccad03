import { describe, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import type { ConnectorV1 } from '../plugin/spec/connector-v1.js';
import {
  type ConnectorFixture,
  type ConnectorTestId,
  checkConnectorCancellation,
  checkConnectorCheckFails,
  checkConnectorCheckSucceeds,
  checkConnectorDiscover,
  checkConnectorFullRefresh,
  checkConnectorFutureState,
  checkConnectorIncrementalResume,
  checkConnectorRead,
  checkConnectorSpec,
  connectorTestIds,
} from './connector-checks.js';
import { parseSkipList } from './internal/skip-list.js';
import type { SkippedTest } from './skipped-test.js';

/** Options of {@link describeConnector}: the fixture plus tests to skip, each with a reason. */
export interface DescribeConnectorOptions<ConfigInput> extends ConnectorFixture<ConfigInput> {
  readonly skip?: readonly SkippedTest<ConnectorTestId>[];
  /** Per-test timeout in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
}

const titles: Record<ConnectorTestId, string> = {
  spec: 'has a valid spec whose config schema converts to JSON Schema',
  'check-valid': 'check succeeds for the valid config',
  'check-invalid': 'check returns failed for the invalid config without throwing',
  discover: 'discover returns a valid catalog',
  read: 'read emits records that match their stream fields',
  'full-refresh': 'full refresh is repeatable',
  'incremental-resume': 'resuming from a checkpoint emits no duplicates and loses no records',
  'incremental-future-state': 'a state past the end emits no records',
  cancellation: 'read stops promptly when the signal aborts',
};

/**
 * Generates the connector conformance suite (Airbyte's acceptance-test categories) as vitest tests: spec,
 * check with a valid and an invalid config, discover, read, full-refresh repeatability, incremental resume
 * without duplicates, a future state giving no records, and cancellation. Each test calls the exported
 * `checkConnector*` function of the same name.
 *
 * Incremental tests are skipped automatically (with that reason) when the connector declares
 * `incremental: false`.
 *
 * @throws DyocenseError `invalid_input` at definition time when a skip has no reason, names an unknown test,
 * or the options are malformed.
 * @example
 * describeConnector(fileUploadConnector, {
 *   validConfig: { path: 'fixtures/sales.csv' },
 *   invalidConfig: { path: 'missing.csv' },
 *   skip: [{ test: 'cancellation', reason: 'the fixture has a single record' }],
 * });
 */
export function describeConnector<Config, ConfigInput>(
  connector: ConnectorV1<Config, ConfigInput>,
  options: DescribeConnectorOptions<ConfigInput>,
): void {
  if (
    typeof connector !== 'object' ||
    connector === null ||
    typeof options !== 'object' ||
    options === null
  ) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'describeConnector needs a connector and an options object with validConfig and invalidConfig',
    });
  }
  const skips = parseSkipList(options.skip, connectorTestIds, `connector "${String(connector.id)}"`);
  const subject = connector as unknown as ConnectorV1<unknown, unknown>;
  const fixture = options as ConnectorFixture;
  const checks: Record<ConnectorTestId, () => Promise<void>> = {
    spec: () => checkConnectorSpec(subject),
    'check-valid': () => checkConnectorCheckSucceeds(subject, fixture),
    'check-invalid': () => checkConnectorCheckFails(subject, fixture),
    discover: () => checkConnectorDiscover(subject, fixture),
    read: () => checkConnectorRead(subject, fixture),
    'full-refresh': () => checkConnectorFullRefresh(subject, fixture),
    'incremental-resume': () => checkConnectorIncrementalResume(subject, fixture),
    'incremental-future-state': () => checkConnectorFutureState(subject, fixture),
    cancellation: () => checkConnectorCancellation(subject, fixture),
  };
  const incremental = connector.capabilities?.incremental === true;
  const timeout = options.timeoutMs ?? 30_000;
  describe(`connector "${String(connector.id)}" conformance`, () => {
    for (const id of connectorTestIds) {
      const reason =
        skips.get(id) ??
        (!incremental && id.startsWith('incremental-')
          ? 'the connector declares incremental: false'
          : undefined);
      if (reason === undefined) it(titles[id], checks[id], timeout);
      else it.skip(`${titles[id]} (skipped: ${reason})`, checks[id]);
    }
  });
}
