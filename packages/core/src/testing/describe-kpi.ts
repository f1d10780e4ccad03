import { DyocenseError } from '../errors/index.js';
import type { KpiV1 } from '../plugin/spec/kpi-v1.js';
import { defineSuite } from './internal/define-suite.js';
import { parseSkipList } from './internal/skip-list.js';
import {
  checkKpiDefinition,
  checkKpiExamples,
  checkKpiFinite,
  checkKpiInvalidInput,
  checkKpiPure,
  type KpiFixture,
  type KpiTestId,
  kpiTestIds,
} from './kpi-checks.js';
import type { SkippedTest } from './skipped-test.js';

/** Options of {@link describeKpi}. */
export interface DescribeKpiOptions extends KpiFixture {
  readonly skip?: readonly SkippedTest<KpiTestId>[];
}

/**
 * Generates the KPI conformance suite: valid definition, worked examples, purity, finite results and
 * `invalid_input` for missing inputs. Each test calls the exported `checkKpi*` function.
 *
 * @throws DyocenseError `invalid_input` at definition time for an empty example list or a skip without a
 * reason.
 * @example
 * describeKpi(averageOrderValue, { examples: [{ inputs: { revenue: 12_500, orders: 250 }, expected: 50 }] });
 */
export function describeKpi(kpi: KpiV1, options: DescribeKpiOptions): void {
  if (!Array.isArray(options?.examples) || options.examples.length === 0) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'describeKpi needs at least one worked example',
    });
  }
  const skips = parseSkipList(options.skip, kpiTestIds, `KPI "${String(kpi?.id)}"`);
  defineSuite(
    `KPI "${String(kpi.id)}" conformance`,
    kpiTestIds,
    {
      definition: 'has a valid definition that compiles',
      examples: 'gives the expected value for every worked example',
      pure: 'is pure: the same frozen inputs give the same value',
      finite: 'returns a finite number or null, never NaN or Infinity',
      'invalid-input': 'refuses missing inputs with invalid_input',
    },
    {
      definition: () => checkKpiDefinition(kpi),
      examples: () => checkKpiExamples(kpi, options),
      pure: () => checkKpiPure(kpi, options),
      finite: () => checkKpiFinite(kpi, options),
      'invalid-input': () => checkKpiInvalidInput(kpi),
    },
    skips,
    10_000,
  );
}
