import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { type TimeSeries, timeSeriesSchema } from '../model/series.js';
import { forecastModelCapabilityProblems } from './internal/capability-problems.js';
import { forecastModelShapeSchema } from './internal/contribution-schemas.js';
import { deepFreezeData } from './internal/deep-freeze-data.js';
import { forecastProblems } from './internal/forecast-problems.js';
import { throwIfProblems } from './internal/problems.js';
import { standaloneContext } from './internal/standalone-context.js';
import type { PluginContextV1 } from './spec/context-v1.js';
import type {
  FitOptionsV1,
  ForecastModelV1,
  ForecastPointV1,
  ForecastV1,
  PredictOptionsV1,
} from './spec/forecast-model-v1.js';

/** What a model author writes; {@link defineForecastModel} validates it and returns a {@link ForecastModelV1}. */
export interface ForecastModelDefinition<Fitted, ParamsSchema extends z.ZodType> {
  readonly apiVersion?: 1;
  readonly id: string;
  readonly name: string;
  /** Default `''`. */
  readonly description?: string;
  /** `exogenous` and `seasonality` default to `false`. */
  readonly capabilities: {
    readonly intervals: boolean;
    readonly minHistory: number;
    readonly exogenous?: boolean;
    readonly seasonality?: boolean;
  };
  /** Model-specific parameters; default `z.object({})`. */
  readonly paramsSchema?: ParamsSchema;
  /** Receives a validated series with at least `minHistory` non-missing values and resolved options. */
  fit(
    series: TimeSeries,
    options: FitOptionsV1<z.output<ParamsSchema>>,
    context: PluginContextV1,
  ): Promise<Fitted> | Fitted;
  /** Must be pure: the same fitted model, horizon and options give the same points. */
  predict(
    fitted: Fitted,
    horizon: number,
    options: PredictOptionsV1,
  ): { readonly points: readonly ForecastPointV1[] };
}

/** Longest horizon accepted by `predict`. */
const maxHorizon = 100_000;

const finite = z.number().refine(Number.isFinite, { message: 'must be finite' });
const exogenousSchema = z.record(z.string().min(1), z.array(finite));

const fitRequestSchema = z.strictObject({
  seed: z.number().int().default(0),
  params: z.unknown().optional(),
  seasonalPeriod: z.number().int().min(2).optional(),
  exogenous: exogenousSchema.optional(),
});

const predictRequestSchema = z.strictObject({
  levels: z
    .array(z.number().gt(0).lt(100))
    .max(10)
    .refine(
      (levels) => levels.every((level, index) => index === 0 || level > (levels[index - 1] as number)),
      {
        message: 'must be strictly ascending',
      },
    )
    .default([80, 95]),
  seed: z.number().int().default(0),
  exogenous: exogenousSchema.optional(),
});

const horizonSchema = z.number().int().min(1).max(maxHorizon);

/**
 * Defines a forecast model and returns a frozen {@link ForecastModelV1} whose `fit` and `predict` enforce
 * the contract around the author's code:
 *
 * - `fit(series, options?, context?)` validates the series and options (`seed` default 0), parses `params`
 *   with `paramsSchema` (default `{}`), and throws `insufficient_data` when the series has fewer than
 *   `capabilities.minHistory` non-missing values; exogenous regressors must match the series length and
 *   are refused by models without `exogenous`.
 * - `predict(fitted, horizon, options?)` validates the horizon (1..100000) and options (`levels` default
 *   `[80, 95]`), and throws `internal` when the author's result breaks the forecast contract (length,
 *   finite numbers, intervals containing the point forecast and nested by level).
 *
 * @throws DyocenseError `invalid_input` when the definition is malformed or inconsistent.
 * @example
 * const naive = defineForecastModel({
 *   id: 'naive', name: 'Naive', capabilities: { intervals: false, minHistory: 1 },
 *   fit: (series) => ({ last: series.values.filter((v) => v !== null).at(-1) ?? 0 }),
 *   predict: (fitted, horizon) => ({
 *     points: Array.from({ length: horizon }, (_, i) => ({ step: i + 1, value: fitted.last, intervals: [] })),
 *   }),
 * });
 */
export function defineForecastModel<
  Fitted,
  ParamsSchema extends z.ZodType = z.ZodObject<Record<never, never>>,
>(
  definition: ForecastModelDefinition<Fitted, ParamsSchema>,
): ForecastModelV1<Fitted, z.output<ParamsSchema>, z.input<ParamsSchema>> {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid forecast model definition: must be an object',
    });
  }
  const paramsSchema = (definition.paramsSchema ?? z.object({})) as ParamsSchema;
  const candidate = {
    apiVersion: definition.apiVersion ?? 1,
    kind: 'forecast-model' as const,
    id: definition.id,
    name: definition.name,
    description: definition.description ?? '',
    capabilities: {
      intervals: definition.capabilities?.intervals,
      exogenous: definition.capabilities?.exogenous ?? false,
      minHistory: definition.capabilities?.minHistory,
      seasonality: definition.capabilities?.seasonality ?? false,
    },
    paramsSchema,
    fit: definition.fit,
    predict: definition.predict,
  };
  const subject = `forecast model definition${typeof definition.id === 'string' ? ` "${definition.id}"` : ''}`;
  const parsed = parseInput(forecastModelShapeSchema, candidate, subject);
  const problems = forecastModelCapabilityProblems(
    parsed as unknown as ForecastModelV1<unknown, unknown, unknown>,
  );
  if (parsed.apiVersion !== 1)
    problems.unshift(`apiVersion ${parsed.apiVersion} is not supported (this core supports 1)`);
  throwIfProblems(problems, { code: 'invalid_input', subject: `Invalid ${subject}` });

  const { id, capabilities } = parsed;
  const model: ForecastModelV1<Fitted, z.output<ParamsSchema>, z.input<ParamsSchema>> = {
    apiVersion: 1,
    kind: 'forecast-model',
    id,
    name: parsed.name,
    description: parsed.description,
    capabilities,
    paramsSchema: paramsSchema as unknown as z.ZodType<z.output<ParamsSchema>, z.input<ParamsSchema>>,
    async fit(series, options, context) {
      const valid = parseInput(timeSeriesSchema, series, `series for forecast model "${id}"`);
      const request = parseInput(fitRequestSchema, options ?? {}, `fit options for forecast model "${id}"`);
      const params = parseInput(paramsSchema, request.params ?? {}, `params for forecast model "${id}"`);
      if (request.exogenous !== undefined) {
        if (!capabilities.exogenous) {
          throw new DyocenseError({
            code: 'invalid_input',
            message: `Forecast model "${id}" does not use exogenous regressors`,
          });
        }
        for (const [name, values] of Object.entries(request.exogenous)) {
          if (values.length !== valid.values.length) {
            throw new DyocenseError({
              code: 'invalid_input',
              message: `Regressor "${name}" has ${values.length} values for a series of ${valid.values.length}`,
            });
          }
        }
      }
      const observed = valid.values.filter((value) => value !== null).length;
      if (observed < capabilities.minHistory) {
        throw new DyocenseError({
          code: 'insufficient_data',
          message: `Forecast model "${id}" needs at least ${capabilities.minHistory} observations; the series "${valid.id}" has ${observed}`,
          details: { model: id, required: capabilities.minHistory, actual: observed },
        });
      }
      const resolvedContext = context ?? standaloneContext();
      resolvedContext.signal.throwIfAborted();
      const fitOptions: FitOptionsV1<z.output<ParamsSchema>> = {
        seed: request.seed,
        params,
        ...(request.seasonalPeriod === undefined ? {} : { seasonalPeriod: request.seasonalPeriod }),
        ...(request.exogenous === undefined ? {} : { exogenous: request.exogenous }),
      };
      return definition.fit(valid, fitOptions, resolvedContext);
    },
    predict(fitted, horizon, options) {
      const steps = parseInput(horizonSchema, horizon, `horizon for forecast model "${id}"`);
      const request = parseInput(
        predictRequestSchema,
        options ?? {},
        `predict options for forecast model "${id}"`,
      );
      if (request.exogenous !== undefined) {
        if (!capabilities.exogenous) {
          throw new DyocenseError({
            code: 'invalid_input',
            message: `Forecast model "${id}" does not use exogenous regressors`,
          });
        }
        for (const [name, values] of Object.entries(request.exogenous)) {
          if (values.length !== steps) {
            throw new DyocenseError({
              code: 'invalid_input',
              message: `Regressor "${name}" has ${values.length} future values for a horizon of ${steps}`,
            });
          }
        }
      }
      const predictOptions: PredictOptionsV1 = {
        levels: request.levels,
        seed: request.seed,
        ...(request.exogenous === undefined ? {} : { exogenous: request.exogenous }),
      };
      const result = definition.predict(fitted, steps, predictOptions);
      throwIfProblems(forecastProblems(result, steps, request.levels, capabilities.intervals), {
        code: 'internal',
        subject: `Forecast model "${id}" returned an invalid forecast`,
        details: { model: id },
      });
      const forecast: ForecastV1 = { model: id, points: result.points };
      return forecast;
    },
  };
  return deepFreezeData(model);
}
