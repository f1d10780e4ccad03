import { z } from 'zod';
import { kpiDefinitionSchema } from '../../model/kpi-definition.js';
import { streamSchema } from '../catalog-schema.js';
import { contributionIdSchema, customElementNameSchema } from './identifiers.js';
import { isZodSchema } from './is-zod-schema.js';

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});
const zodSchema = z.custom<z.ZodType>(isZodSchema, { message: 'must be a zod schema' });
// Any positive integer passes here; the registry's `api_version` check decides whether it is supported.
const apiVersionSchema = z.number().int().positive();
const nameSchema = z.string().min(1).max(200);
const descriptionSchema = z.string().max(2000);

/** Structural schema of a {@link ConnectorV1}. Cross-field rules live in `capabilityProblems`. */
export const connectorShapeSchema = z.object({
  apiVersion: apiVersionSchema,
  kind: z.literal('connector'),
  id: contributionIdSchema,
  name: nameSchema,
  description: descriptionSchema,
  spec: z.object({
    configSchema: zodSchema,
    secretFields: z
      .array(z.string().min(1))
      .refine((names) => new Set(names).size === names.length, { message: 'lists a field twice' }),
    documentationUrl: z.url({ protocol: /^https?$/ }).optional(),
  }),
  capabilities: z.object({ incremental: z.boolean(), dynamicStreams: z.boolean() }),
  streams: z.array(streamSchema).optional(),
  check: functionSchema,
  discover: functionSchema,
  read: functionSchema,
});

/** Structural schema of a {@link KpiV1}. */
export const kpiShapeSchema = z.object({
  apiVersion: apiVersionSchema,
  kind: z.literal('kpi'),
  id: contributionIdSchema,
  definition: kpiDefinitionSchema,
  customCompute: z.boolean(),
  compute: functionSchema,
});

/** Structural schema of a {@link ForecastModelV1}. */
export const forecastModelShapeSchema = z.object({
  apiVersion: apiVersionSchema,
  kind: z.literal('forecast-model'),
  id: contributionIdSchema,
  name: nameSchema,
  description: descriptionSchema,
  capabilities: z.object({
    intervals: z.boolean(),
    exogenous: z.boolean(),
    minHistory: z.number().int().min(1).max(100_000),
    seasonality: z.boolean(),
  }),
  paramsSchema: zodSchema,
  fit: functionSchema,
  predict: functionSchema,
});

/** Structural schema of an {@link OptimizerV1}. */
export const optimizerShapeSchema = z.object({
  apiVersion: apiVersionSchema,
  kind: z.literal('optimizer'),
  id: contributionIdSchema,
  name: nameSchema,
  description: descriptionSchema,
  capabilities: z.object({ deterministic: z.boolean() }),
  inputSchema: zodSchema,
  outputSchema: zodSchema,
  solve: functionSchema,
});

/** Structural schema of a {@link WidgetV1}. */
export const widgetShapeSchema = z.object({
  apiVersion: apiVersionSchema,
  kind: z.literal('widget'),
  id: contributionIdSchema,
  name: nameSchema,
  description: descriptionSchema,
  tagName: customElementNameSchema,
  propsSchema: zodSchema,
  accepts: z
    .array(z.enum(['timeseries', 'forecast', 'kpi', 'table', 'scalar']))
    .min(1)
    .refine((shapes) => new Set(shapes).size === shapes.length, { message: 'lists a shape twice' }),
  load: functionSchema,
});
