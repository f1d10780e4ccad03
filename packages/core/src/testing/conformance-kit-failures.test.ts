import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DyocenseError } from '../errors/index.js';
import { getKpi } from '../kpi/index.js';
import { meanModel, reorderOptimizer } from '../plugin/__fixtures__/sample-plugin.js';
import { defineKpi } from '../plugin/define-kpi.js';
import type { ConnectorMessageV1, ConnectorV1, StreamV1 } from '../plugin/spec/connector-v1.js';
import type { ForecastModelV1 } from '../plugin/spec/forecast-model-v1.js';
import type { OptimizerV1 } from '../plugin/spec/optimizer-v1.js';
import { ConformanceFailure } from './conformance-failure.js';
import {
  checkConnectorCancellation,
  checkConnectorCheckFails,
  checkConnectorFullRefresh,
  checkConnectorFutureState,
  checkConnectorIncrementalResume,
  checkConnectorRead,
  checkConnectorSpec,
} from './connector-checks.js';
import { createMockConnector } from './create-mock-connector.js';
import { describeConnector } from './describe-connector.js';
import {
  checkForecastModelDeterministic,
  checkForecastModelIntervals,
  checkForecastModelMinHistory,
} from './forecast-model-checks.js';
import { checkKpiExamples, checkKpiPure } from './kpi-checks.js';
import { checkOptimizerAbort, checkOptimizerRejectsInvalid } from './optimizer-checks.js';

const stream: StreamV1 = {
  name: 'items',
  fields: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'at', type: 'timestamp', nullable: false },
  ],
  primaryKey: ['id'],
  cursorField: 'id',
  supportedSyncModes: ['full_refresh', 'incremental'],
};

interface Faults {
  readonly checkThrows?: boolean;
  readonly resumeRepeatsCheckpoint?: boolean;
  readonly ignoresState?: boolean;
  readonly badTimestamp?: boolean;
  readonly random?: boolean;
  readonly ignoresAbort?: boolean;
}

/** A hand-built connector (not made with defineConnector, so nothing guards it) with chosen faults. */
function brokenConnector(faults: Faults): ConnectorV1<{ token: string }> {
  let runs = 0;
  return {
    apiVersion: 1,
    kind: 'connector',
    id: 'broken',
    name: 'Broken',
    description: '',
    spec: { configSchema: z.object({ token: z.string() }), secretFields: [] },
    capabilities: { incremental: true, dynamicStreams: false },
    streams: [stream],
    async check(_context, config) {
      if (faults.checkThrows) throw new Error('boom');
      return (config as { token?: string }).token === 'ok'
        ? { status: 'succeeded', message: 'ok' }
        : { status: 'failed', message: 'bad token' };
    },
    async discover() {
      return { streams: [stream] };
    },
    async *read(context, request): AsyncGenerator<ConnectorMessageV1> {
      runs++;
      const saved = request.state?.items;
      let after = typeof saved === 'number' && !faults.ignoresState ? saved : 0;
      if (faults.resumeRepeatsCheckpoint && after > 0) after -= 1;
      const count = faults.random ? 3 + (runs % 2) : 4;
      for (let id = after + 1; id <= count; id++) {
        if (!faults.ignoresAbort && context.signal.aborted) return;
        const at =
          faults.badTimestamp && id === 2 ? '2024-13-45' : new Date(Date.UTC(2024, 0, id)).toISOString();
        yield { type: 'record', stream: 'items', data: { id, at }, emittedAt: 0 };
        if (!faults.ignoresAbort && context.signal.aborted) return;
        yield { type: 'state', stream: 'items', data: id };
      }
    },
  };
}

const fixture = { validConfig: { token: 'ok' }, invalidConfig: { token: 'no' }, cancellationTimeoutMs: 200 };

async function failureOf(run: () => Promise<void> | void): Promise<ConformanceFailure> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConformanceFailure) return error;
    throw error;
  }
  throw new Error('expected the check to fail');
}

describe('the conformance kit fails broken connectors', () => {
  it('passes the healthy variant of the broken connector, so the failures below come from the faults', async () => {
    const healthy = brokenConnector({});
    await checkConnectorCheckFails(healthy, fixture);
    await checkConnectorIncrementalResume(healthy, fixture);
    await checkConnectorRead(healthy, fixture);
    await checkConnectorCancellation(healthy, fixture);
  });

  it('fails a check() that throws', async () => {
    const failure = await failureOf(() =>
      checkConnectorCheckFails(brokenConnector({ checkThrows: true }), fixture),
    );
    expect(failure.check).toBe('check-invalid');
    expect(failure.problems[0]).toContain('check threw Error: boom');
  });

  it('fails duplicates on incremental resume', async () => {
    const failure = await failureOf(() =>
      checkConnectorIncrementalResume(brokenConnector({ resumeRepeatsCheckpoint: true }), fixture),
    );
    expect(failure.problems.some((problem) => problem.includes('re-emitted 1 record(s) already read'))).toBe(
      true,
    );
  });

  it('fails a connector that ignores the state', async () => {
    await failureOf(() => checkConnectorFutureState(brokenConnector({ ignoresState: true }), fixture));
  });

  it('fails a record whose timestamp is not a date-time', async () => {
    const failure = await failureOf(() =>
      checkConnectorRead(brokenConnector({ badTimestamp: true }), fixture),
    );
    expect(failure.problems).toEqual([
      'record 2 of "items": field "at" is "2024-13-45", expected an ISO 8601 date-time with an offset',
    ]);
  });

  it('fails a full refresh that is not repeatable', async () => {
    const failure = await failureOf(() =>
      checkConnectorFullRefresh(brokenConnector({ random: true }), fixture),
    );
    expect(failure.problems[0]).toMatch(/only the (first|second) run emitted/);
  });

  it('fails a read that keeps emitting after the abort', async () => {
    const failure = await failureOf(() =>
      checkConnectorCancellation(brokenConnector({ ignoresAbort: true }), fixture),
    );
    expect(failure.problems.join('\n')).toContain('after the abort');
  });

  it('fails a spec whose secret field is not in the config schema', async () => {
    const connector = brokenConnector({});
    const leaky = { ...connector, spec: { ...connector.spec, secretFields: ['password'] } };
    const failure = await failureOf(() => checkConnectorSpec(leaky));
    expect(failure.problems[0]).toContain('marks "password" as secret');
  });

  it('fails unexpected and missing records against expectedRecords', async () => {
    const failure = await failureOf(() =>
      checkConnectorRead(createMockConnector({ recordsPerStream: 1 }), {
        validConfig: { token: 'valid-token' },
        invalidConfig: {},
        expectedRecords: [{ stream: 'items', data: { id: 7 } }],
      }),
    );
    expect(failure.problems).toHaveLength(2);
  });
});

describe('the conformance kit fails broken KPIs, models and optimizers', () => {
  it('fails a KPI whose worked example is wrong', async () => {
    const kpi = defineKpi({ ...getKpi('average_order_value'), id: 'aov_off', compute: () => 51 });
    const failure = await failureOf(() =>
      checkKpiExamples(kpi, { examples: [{ inputs: { revenue: 12_500, orders: 250 }, expected: 50 }] }),
    );
    expect(failure.problems[0]).toContain('gave 51, expected 50');
  });

  it('fails an impure KPI', async () => {
    let calls = 0;
    const kpi = defineKpi({ ...getKpi('average_order_value'), id: 'aov_impure', compute: () => calls++ });
    await failureOf(() =>
      checkKpiPure(kpi, { examples: [{ inputs: { revenue: 1, orders: 1 }, expected: 0 }] }),
    );
  });

  const series = { id: 's', timestamps: [1, 2, 3, 4], values: [1, 2, 3, 4] };

  it('fails intervals that are not nested 80 inside 95', async () => {
    const model: ForecastModelV1 = {
      ...meanModel,
      fit: async () => ({}),
      predict: (_fitted, horizon) => ({
        model: meanModel.id,
        points: Array.from({ length: horizon }, (_, index) => ({
          step: index + 1,
          value: 5,
          intervals: [
            { level: 80, lower: 1, upper: 9 },
            { level: 95, lower: 2, upper: 8 },
          ],
        })),
      }),
    } as ForecastModelV1;
    const failure = await failureOf(() => checkForecastModelIntervals(model, { series, horizon: 2 }));
    expect(failure.problems[0]).toContain('is not inside the 95% interval');
  });

  it('fails a model that ignores the seed', async () => {
    let draw = 0;
    const model = {
      ...meanModel,
      fit: async () => ({}),
      predict: (_fitted: unknown, horizon: number) => ({
        model: meanModel.id,
        points: Array.from({ length: horizon }, (_, index) => ({
          step: index + 1,
          value: draw++,
          intervals: [],
        })),
      }),
      capabilities: { ...meanModel.capabilities, intervals: false },
    } as unknown as ForecastModelV1;
    await failureOf(() => checkForecastModelDeterministic(model, { series }));
  });

  it('fails a model that fits a series shorter than minHistory', async () => {
    const model = { ...meanModel, fit: async () => ({}) } as unknown as ForecastModelV1;
    const failure = await failureOf(() => checkForecastModelMinHistory(model, { series }));
    expect(failure.problems[0]).toContain('fit accepted 1 observations although minHistory is 2');
  });

  it('fails an optimizer that accepts invalid problems', async () => {
    const optimizer = { ...reorderOptimizer, solve: async () => ({ reorderPoint: 0 }) } as OptimizerV1;
    await failureOf(() =>
      checkOptimizerRejectsInvalid(optimizer, { validProblem: {}, invalidProblem: { x: 1 } }),
    );
  });

  it('fails an optimizer that ignores an aborted signal', async () => {
    const optimizer = {
      ...reorderOptimizer,
      solve: () => new Promise((resolve) => setTimeout(() => resolve({ reorderPoint: 1 }), 50)),
    } as OptimizerV1;
    const failure = await failureOf(() =>
      checkOptimizerAbort(optimizer, { validProblem: {}, invalidProblem: {}, abortTimeoutMs: 500 }),
    );
    expect(failure.problems[0]).toContain('returned a solution instead of rejecting');
  });
});

describe('skip lists', () => {
  const connector = createMockConnector();
  const options = { validConfig: { token: 'valid-token' }, invalidConfig: {} };

  it('refuses a skip without a reason at definition time', () => {
    expect(() =>
      describeConnector(connector, { ...options, skip: [{ test: 'cancellation', reason: '  ' }] }),
    ).toThrow(/a skipped test must give a non-empty reason/);
  });

  it('refuses a skip of an unknown test', () => {
    expect(() =>
      describeConnector(connector, { ...options, skip: [{ test: 'speed' as 'read', reason: 'slow' }] }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
  });

  it('refuses a malformed call instead of crashing', () => {
    expect(() => describeConnector(null as never, options)).toThrow(DyocenseError);
  });
});
