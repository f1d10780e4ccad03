import { DyocenseError } from '../errors/index.js';
import type { ForecastModelV1 } from '../plugin/spec/forecast-model-v1.js';
import {
  checkForecastModelDefinition,
  checkForecastModelDeterministic,
  checkForecastModelFinite,
  checkForecastModelHorizon,
  checkForecastModelIntervals,
  checkForecastModelMinHistory,
  type ForecastModelFixture,
  type ForecastModelTestId,
  forecastModelTestIds,
} from './forecast-model-checks.js';
import { defineSuite } from './internal/define-suite.js';
import { parseSkipList } from './internal/skip-list.js';
import type { SkippedTest } from './skipped-test.js';

/** Options of {@link describeForecastModel}. */
export interface DescribeForecastModelOptions extends ForecastModelFixture {
  readonly skip?: readonly SkippedTest<ForecastModelTestId>[];
  /** Per-test timeout in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
}

/**
 * Generates the forecast-model conformance suite: valid definition, output length equal to the horizon,
 * intervals that contain the point forecast and are nested (80% inside 95%), determinism for a seed,
 * `insufficient_data` below `minHistory`, and finite numbers. Each test calls the exported
 * `checkForecastModel*` function.
 *
 * @throws DyocenseError `invalid_input` at definition time for a missing series or a skip without a reason.
 * @example
 * describeForecastModel(naiveModel, { series: { id: 'sales', timestamps, values }, horizon: 14 });
 */
export function describeForecastModel<Fitted, Params, ParamsInput>(
  model: ForecastModelV1<Fitted, Params, ParamsInput>,
  options: DescribeForecastModelOptions,
): void {
  if (typeof options?.series !== 'object' || options.series === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'describeForecastModel needs a fixture series',
    });
  }
  const skips = parseSkipList(options.skip, forecastModelTestIds, `forecast model "${String(model?.id)}"`);
  const subject = model as unknown as ForecastModelV1<unknown, unknown, unknown>;
  defineSuite(
    `forecast model "${String(model.id)}" conformance`,
    forecastModelTestIds,
    {
      definition: 'has a valid definition with consistent capabilities',
      horizon: 'returns exactly one point per step of the horizon',
      intervals: 'returns intervals that contain the point forecast and are nested by level',
      deterministic: 'gives the same forecast for the same seed',
      'min-history': 'refuses a series shorter than minHistory with insufficient_data',
      finite: 'returns only finite numbers, also for a constant series',
    },
    {
      definition: () => checkForecastModelDefinition(subject),
      horizon: () => checkForecastModelHorizon(subject, options),
      intervals: () => checkForecastModelIntervals(subject, options),
      deterministic: () => checkForecastModelDeterministic(subject, options),
      'min-history': () => checkForecastModelMinHistory(subject, options),
      finite: () => checkForecastModelFinite(subject, options),
    },
    skips,
    options.timeoutMs ?? 30_000,
  );
}
