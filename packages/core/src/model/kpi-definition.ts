import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import type { Aggregation } from './aggregation.js';
import { refineCurrencyFactor } from './internal/currency-factor.js';
import {
  type FormulaNode,
  type KpiFormula,
  maxFormulaLength,
  parseKpiFormula,
  visitMetrics,
} from './kpi-formula.js';
import {
  currencyCodeSchema,
  directionSchema,
  type MetricDefinition,
  metricDefinitionSchema,
  metricUnit,
  slugSchema,
  unitExpressionSchema,
} from './metric.js';
import {
  addUnits,
  createUnit,
  dimensionless,
  divideUnits,
  formatUnit,
  multiplyUnits,
  parseUnit,
  type Unit,
  unitSatisfies,
} from './unit.js';

/**
 * The built-in formula variable holding the number of calendar days in the period being evaluated (unit
 * `days`): 31 for January, 90 for the first quarter of a common year, 1 for a day even when a DST change
 * makes it 23 or 25 hours long, 1/24 for an hour. Days-of-X KPIs use it, e.g.
 * `mean(inventory_value) / cogs * period_days`. No metric may use this id.
 */
export const periodDaysVariable = 'period_days';

const periodDaysUnit = parseUnit('days');
/** Unit of `count(metric)`: the number of non-missing observations in the period. */
const observationsUnit = parseUnit('count:observations');

/**
 * A KPI: a formula over metrics with a declared unit and direction.
 *
 * - `formula` follows {@link parseKpiFormula}; every metric id it uses must be in `metrics`, and every metric
 *   in `metrics` must be used.
 * - `unit` is a unit expression (`percent`, `ratio`, `currency/count:orders`, `days`, ...). The formula's
 *   unit, inferred from the metrics' units, must match it (a `percent` KPI's formula multiplies by 100).
 * - `currency` pins the KPI to one ISO code; without it a money KPI is in its metrics' currency.
 */
export const kpiDefinitionSchema = z
  .object({
    id: slugSchema,
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(2000),
    formula: z.string().min(1).max(maxFormulaLength),
    unit: unitExpressionSchema,
    currency: currencyCodeSchema.optional(),
    direction: directionSchema,
    metrics: z.array(metricDefinitionSchema).min(1).max(64),
    tags: z.array(z.string().min(1).max(64)).max(32).optional(),
  })
  .superRefine((kpi, context) => {
    const seen = new Set<string>();
    kpi.metrics.forEach((metric, index) => {
      if (metric.id === periodDaysVariable) {
        context.addIssue({
          code: 'custom',
          path: ['metrics', index, 'id'],
          message: `"${periodDaysVariable}" is reserved for the number of days in the period`,
        });
      }
      if (seen.has(metric.id)) {
        context.addIssue({
          code: 'custom',
          path: ['metrics', index, 'id'],
          message: `duplicates metric id "${metric.id}"`,
        });
      }
      seen.add(metric.id);
    });
    refineCurrencyFactor(kpi, context);
  });

/** A validated KPI definition (see {@link kpiDefinitionSchema}). */
export type KpiDefinition = z.output<typeof kpiDefinitionSchema>;
/** Input accepted where a KPI definition is expected. */
export type KpiDefinitionInput = z.input<typeof kpiDefinitionSchema>;

/** A KPI whose formula is parsed, whose references are resolved and whose unit is checked. */
export interface CompiledKpi {
  readonly definition: KpiDefinition;
  readonly formula: KpiFormula;
  /** The unit the formula produces, e.g. `currency:USD/count:orders`. */
  readonly inferredUnit: Unit;
  /** The declared unit with the KPI's currency applied. */
  readonly declaredUnit: Unit;
  /** The KPI's metrics by id. */
  readonly metrics: ReadonlyMap<string, MetricDefinition>;
}

function kpiError(id: string, message: string, column?: number, cause?: unknown): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `${id}: ${message}`,
    issues: [
      {
        path: ['formula'],
        code: 'invalid_formula',
        message,
        ...(column === undefined ? {} : { column }),
      },
    ],
    details: { kpi: id, ...(column === undefined ? {} : { column }) },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The aggregation a reference resolves to: the one written around it, else the metric's declared one. */
export function resolveAggregation(metric: MetricDefinition, written: Aggregation | null): Aggregation {
  return written ?? metric.aggregation;
}

function applyCurrency(unit: Unit, currency: string | undefined): Unit {
  const generic = unit.factors.currency;
  if (currency === undefined || generic === undefined) return unit;
  const factors: Record<string, number> = { ...unit.factors };
  delete factors.currency;
  factors[`currency:${currency}`] = generic;
  return createUnit(factors);
}

function inferUnit(node: FormulaNode, kpi: KpiDefinition, units: ReadonlyMap<string, Unit>): Unit {
  switch (node.kind) {
    case 'number':
      return dimensionless;
    case 'metric': {
      if (node.metric === periodDaysVariable) return periodDaysUnit;
      if (node.aggregation === 'count') return observationsUnit;
      return units.get(node.metric) as Unit;
    }
    case 'negate':
      return inferUnit(node.operand, kpi, units);
    case 'binary': {
      const left = inferUnit(node.left, kpi, units);
      const right = inferUnit(node.right, kpi, units);
      try {
        if (node.operator === '*') return multiplyUnits(left, right);
        if (node.operator === '/') return divideUnits(left, right);
        return addUnits(left, right);
      } catch (error) {
        const text = kpi.formula.slice(node.start, node.end);
        const reason = DyocenseError.isInstance(error) ? error.message : String(error);
        const operation = node.operator === '+' ? 'adds' : node.operator === '-' ? 'subtracts' : 'combines';
        throw kpiError(
          kpi.id,
          `formula ${operation} ${formatUnit(left)} and ${formatUnit(right)} in "${text}" at column ${node.start + 1}: ${reason}`,
          node.start + 1,
          error,
        );
      }
    }
  }
}

/**
 * Validates a KPI definition, parses its formula, resolves every metric reference and checks the unit.
 *
 * @throws DyocenseError `invalid_input` for a malformed definition, a formula syntax error (with its column),
 * a metric the formula uses but the KPI does not declare (or the reverse), an aggregation around
 * `period_days`, adding unlike units, mixing currencies, or a formula unit that differs from the declared
 * unit, e.g. `gross_margin_pct: formula gives currency/count:orders but the KPI declares percent`.
 */
export function compileKpi(input: KpiDefinitionInput): CompiledKpi {
  const definition = parseInput(kpiDefinitionSchema, input, `KPI definition${describeId(input)}`);
  const id = definition.id;
  let formula: KpiFormula;
  try {
    formula = parseKpiFormula(definition.formula);
  } catch (error) {
    if (!DyocenseError.isInstance(error)) throw error;
    const column = typeof error.details.column === 'number' ? error.details.column : undefined;
    throw kpiError(id, error.message, column, error);
  }
  const metrics = new Map(definition.metrics.map((metric) => [metric.id, metric] as const));
  const units = new Map<string, Unit>();
  for (const metric of definition.metrics) units.set(metric.id, metricUnit(metric));
  visitMetrics(formula.root, (node) => {
    const column = node.start + 1;
    if (node.metric === periodDaysVariable) {
      if (node.aggregation !== null) {
        throw kpiError(
          id,
          `${periodDaysVariable} is the length of the period and takes no aggregation (column ${column})`,
          column,
        );
      }
      return;
    }
    if (!metrics.has(node.metric)) {
      throw kpiError(
        id,
        `formula uses "${node.metric}" at column ${column} but the KPI declares no such metric (declared: ${[...metrics.keys()].join(', ')})`,
        column,
      );
    }
  });
  for (const metric of definition.metrics) {
    if (!formula.metrics.includes(metric.id)) {
      throw kpiError(id, `declares metric "${metric.id}" but the formula does not use it`);
    }
  }
  const inferredUnit = inferUnit(formula.root, definition, units);
  const declaredUnit = applyCurrency(parseUnit(definition.unit), definition.currency);
  if (!unitSatisfies(inferredUnit, declaredUnit)) {
    const declared = definition.currency === undefined ? definition.unit : formatUnit(declaredUnit);
    throw kpiError(id, `formula gives ${formatUnit(inferredUnit)} but the KPI declares ${declared}`);
  }
  return { definition, formula, inferredUnit, declaredUnit, metrics };
}

function describeId(input: unknown): string {
  if (typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string') {
    return ` "${input.id}"`;
  }
  return '';
}
