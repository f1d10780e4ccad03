import { DyocenseError } from '../errors/index.js';
import type { TimeSeriesInput } from '../model/series.js';
import { forecastModelCapabilityProblems } from '../plugin/internal/capability-problems.js';
import { forecastModelShapeSchema } from '../plugin/internal/contribution-schemas.js';
import { forecastProblems } from '../plugin/internal/forecast-problems.js';
import type { ForecastModelV1, ForecastV1 } from '../plugin/spec/forecast-model-v1.js';
import { failIfProblems } from './conformance-failure.js';

/** Ids of the tests {@link describeForecastModel} generates. */
export const forecastModelTestIds = [
  'definition',
  'horizon',
  'intervals',
  'deterministic',
  'min-history',
  'finite',
] as const;
/** One of {@link forecastModelTestIds}. */
export type ForecastModelTestId = (typeof forecastModelTestIds)[number];

/** What the forecast-model checks need besides the model. */
export interface ForecastModelFixture {
  /** A series the model can fit (at least `minHistory` non-missing values). */
  readonly series: TimeSeriesInput;
  /** Default 12. */
  readonly horizon?: number;
  /** Default `[80, 95]`. */
  readonly levels?: readonly number[];
  /** Default 42. */
  readonly seed?: number;
  readonly params?: unknown;
  readonly seasonalPeriod?: number;
}

type AnyModel = ForecastModelV1<unknown, unknown, unknown>;

const message = (error: unknown) =>
  DyocenseError.isInstance(error)
    ? `DyocenseError ${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

async function forecast(
  model: AnyModel,
  fixture: ForecastModelFixture,
  check: string,
  series = fixture.series,
  horizon = fixture.horizon ?? 12,
): Promise<ForecastV1> {
  const seed = fixture.seed ?? 42;
  try {
    const fitted = await model.fit(series, {
      seed,
      ...(fixture.params === undefined ? {} : { params: fixture.params }),
      ...(fixture.seasonalPeriod === undefined ? {} : { seasonalPeriod: fixture.seasonalPeriod }),
    });
    return model.predict(fitted, horizon, { seed, levels: fixture.levels ?? [80, 95] });
  } catch (error) {
    failIfProblems(check, [`fit/predict threw ${message(error)}`]);
    throw error;
  }
}

/** `definition`: the model's shape is valid, its apiVersion is 1, and its capabilities are consistent. */
export function checkForecastModelDefinition(model: AnyModel): void {
  const shape = forecastModelShapeSchema.safeParse(model);
  if (!shape.success) {
    failIfProblems(
      'definition',
      shape.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems = forecastModelCapabilityProblems(model);
  if (model.apiVersion !== 1) problems.push(`apiVersion is ${model.apiVersion}, expected 1`);
  failIfProblems('definition', problems);
}

/** `horizon`: the forecast has exactly `horizon` points numbered 1..horizon, and names the model. */
export async function checkForecastModelHorizon(
  model: AnyModel,
  fixture: ForecastModelFixture,
): Promise<void> {
  const horizon = fixture.horizon ?? 12;
  const result = await forecast(model, fixture, 'horizon');
  const problems: string[] = [];
  const points = Array.isArray(result?.points) ? result.points : [];
  if (points.length !== horizon)
    problems.push(`returned ${points.length} points for a horizon of ${horizon}`);
  points.forEach((point, index) => {
    if (point?.step !== index + 1) problems.push(`point ${index + 1} has step ${String(point?.step)}`);
  });
  if (result?.model !== model.id)
    problems.push(`the forecast names model "${String(result?.model)}", expected "${model.id}"`);
  failIfProblems('horizon', problems.slice(0, 10));
}

/**
 * `intervals`: with `intervals: true`, every point has one interval per level that contains the point
 * forecast, and the 80% interval lies inside the 95% one; with `intervals: false`, no intervals.
 */
export async function checkForecastModelIntervals(
  model: AnyModel,
  fixture: ForecastModelFixture,
): Promise<void> {
  const result = await forecast(model, fixture, 'intervals');
  failIfProblems(
    'intervals',
    forecastProblems(result, fixture.horizon ?? 12, fixture.levels ?? [80, 95], model.capabilities.intervals),
  );
}

/** `deterministic`: two fits and predictions with the same seed give identical forecasts. */
export async function checkForecastModelDeterministic(
  model: AnyModel,
  fixture: ForecastModelFixture,
): Promise<void> {
  const first = JSON.stringify(await forecast(model, fixture, 'deterministic'));
  const second = JSON.stringify(await forecast(model, fixture, 'deterministic'));
  failIfProblems(
    'deterministic',
    first === second
      ? []
      : [`the same seed gave different forecasts:\n${first.slice(0, 300)}\n${second.slice(0, 300)}`],
  );
}

/** `min-history`: a series with one observation fewer than `minHistory` is refused with `insufficient_data`. */
export async function checkForecastModelMinHistory(
  model: AnyModel,
  fixture: ForecastModelFixture,
): Promise<void> {
  const needed = model.capabilities.minHistory - 1;
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  let observed = 0;
  for (const [index, value] of fixture.series.values.entries()) {
    if (value !== null && observed >= needed) break;
    timestamps.push(fixture.series.timestamps[index] as number);
    values.push(value);
    if (value !== null) observed++;
  }
  const short: TimeSeriesInput = { ...fixture.series, timestamps, values };
  const problems: string[] = [];
  try {
    await model.fit(short, {
      seed: fixture.seed ?? 42,
      ...(fixture.params === undefined ? {} : { params: fixture.params }),
    });
    problems.push(
      `fit accepted ${observed} observations although minHistory is ${model.capabilities.minHistory}`,
    );
  } catch (error) {
    if (!DyocenseError.isInstance(error) || error.code !== 'insufficient_data') {
      problems.push(`fit with ${observed} observations threw ${message(error)}, expected insufficient_data`);
    }
  }
  failIfProblems('min-history', problems);
}

/** `finite`: every number is finite for a long horizon and for a constant series (zero variance). */
export async function checkForecastModelFinite(
  model: AnyModel,
  fixture: ForecastModelFixture,
): Promise<void> {
  const horizon = (fixture.horizon ?? 12) * 3;
  const constant: TimeSeriesInput = {
    ...fixture.series,
    values: fixture.series.values.map((value) => (value === null ? null : 100)),
  };
  const problems: string[] = [];
  for (const [label, series] of [
    ['the fixture series', fixture.series],
    ['a constant series', constant],
  ] as const) {
    const result = await forecast(model, fixture, 'finite', series, horizon);
    for (const point of result.points) {
      const numbers = [point.value, ...point.intervals.flatMap((band) => [band.lower, band.upper])];
      if (!numbers.every(Number.isFinite)) {
        problems.push(`${label}: step ${point.step} has a non-finite number (${numbers.join(', ')})`);
        break;
      }
    }
  }
  failIfProblems('finite', problems);
}
