import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { aggregationSchema } from './aggregation.js';
import { refineCurrencyFactor } from './internal/currency-factor.js';
import { createUnit, parseUnit, type Unit } from './unit.js';

/** A lower-case identifier: a letter, then letters, digits or underscores (at most 64 characters). */
export const slugSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case slug: a letter, then letters, digits or underscores');

/** Whether a higher value of a metric or KPI is good news, bad news, or neither. */
export const directionSchema = z.enum(['higher_is_better', 'lower_is_better', 'neutral']);
/** One of {@link directionSchema}'s values. */
export type Direction = z.infer<typeof directionSchema>;

const currencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code known to the runtime's `Intl` data, upper case (`EUR`, `USD`, `XOF`). */
export const currencyCodeSchema = z.string().superRefine((code, context) => {
  if (!/^[A-Z]{3}$/.test(code)) {
    context.addIssue({ code: 'custom', message: 'must be a three-letter upper-case ISO 4217 code' });
  } else if (!currencies.has(code)) {
    context.addIssue({ code: 'custom', message: `unknown ISO 4217 currency ${JSON.stringify(code)}` });
  }
});

/** A unit expression that {@link parseUnit} accepts, e.g. `currency`, `count:orders`, `currency/hours`. */
export const unitExpressionSchema = z.string().superRefine((value, context) => {
  try {
    parseUnit(value);
  } catch (error) {
    context.addIssue({
      code: 'custom',
      message: DyocenseError.isInstance(error) ? error.message : 'is not a unit expression',
    });
  }
});

/**
 * A metric: one measured quantity (revenue, orders, labour hours, inventory value, ...).
 *
 * - `unit` is a unit expression (see {@link parseUnit}); for money write `currency` and, optionally, the ISO
 *   code in `currency`. Without a code the metric is in the reporting currency, whichever that is.
 * - `aggregation` says how the metric's values combine within a period: `sum` for flows (revenue), `last`
 *   or `mean` for stocks (inventory on hand), and so on.
 * - `direction` says whether a higher value is good.
 */
export const metricDefinitionSchema = z
  .object({
    id: slugSchema,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(2000),
    unit: unitExpressionSchema,
    currency: currencyCodeSchema.optional(),
    aggregation: aggregationSchema,
    direction: directionSchema,
    tags: z.array(z.string().min(1).max(64)).max(32).optional(),
  })
  .superRefine(refineCurrencyFactor);

/** A validated metric definition (see {@link metricDefinitionSchema}). */
export type MetricDefinition = z.output<typeof metricDefinitionSchema>;
/** Input accepted where a metric definition is expected. */
export type MetricDefinitionInput = z.input<typeof metricDefinitionSchema>;

/**
 * Validates a metric definition and returns it.
 *
 * @throws DyocenseError `invalid_input` with zod's issues when the definition is malformed.
 * @example
 * const revenue = defineMetric({
 *   id: 'revenue', name: 'Revenue', description: 'Net sales', unit: 'currency', currency: 'EUR',
 *   aggregation: 'sum', direction: 'higher_is_better',
 * });
 */
export function defineMetric(input: MetricDefinitionInput): MetricDefinition {
  return parseInput(metricDefinitionSchema, input, `metric definition${describeId(input)}`);
}

function describeId(input: unknown): string {
  if (typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string') {
    return ` "${input.id}"`;
  }
  return '';
}

/**
 * The unit of a metric's values, with the `currency` code applied to its generic `currency` factor.
 *
 * @throws DyocenseError `invalid_input` when the definition is malformed.
 */
export function metricUnit(metric: MetricDefinitionInput): Unit {
  const valid = defineMetric(metric);
  const unit = parseUnit(valid.unit);
  const generic = unit.factors.currency;
  if (valid.currency === undefined || generic === undefined) return unit;
  const factors: Record<string, number> = { ...unit.factors };
  delete factors.currency;
  factors[`currency:${valid.currency}`] = generic;
  return createUnit(factors);
}
