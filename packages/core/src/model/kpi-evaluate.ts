import { DyocenseError } from '../errors/index.js';
import { type Aggregation, aggregationSchema } from './aggregation.js';
import {
  type CompiledKpi,
  compileKpi,
  type KpiDefinitionInput,
  periodDaysVariable,
  resolveAggregation,
} from './kpi-definition.js';
import type { FormulaNode } from './kpi-formula.js';

/**
 * A metric's aggregated value for one period: a number (under the metric's declared aggregation) or an
 * object keyed by aggregation (`{ mean: 2500, last: 3000 }`) when the formula asks for several.
 */
export type KpiInputValue = number | Readonly<Partial<Record<Aggregation, number>>>;

/**
 * Inputs for one period, by metric id. Also `period_days` (the number of days in the period) when the
 * formula uses it.
 */
export type KpiInputs = Readonly<Record<string, KpiInputValue>>;

/** Why a KPI has no value for a period. */
export interface KpiNullReason {
  /**
   * `division_by_zero`: a divisor aggregated to 0 (e.g. no orders, so no average order value);
   * `overflow`: the result exceeds the range of a double;
   * `missing_input`: a metric has no data in the period (series only).
   */
  readonly code: 'division_by_zero' | 'overflow' | 'missing_input';
  readonly message: string;
}

/** The value of a KPI for one period, or `null` with the reason. Never NaN or Infinity. */
export type KpiValue =
  | {
      readonly kpi: string;
      /** The KPI's declared unit, e.g. `percent` or `currency/count:orders`. */
      readonly unit: string;
      /** The ISO currency of a money KPI when the KPI or its metrics name one. */
      readonly currency?: string;
      readonly value: number;
      readonly reason: null;
    }
  | {
      readonly kpi: string;
      readonly unit: string;
      readonly currency?: string;
      readonly value: null;
      readonly reason: KpiNullReason;
    };

type Outcome =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: KpiNullReason };

/** The value used for each reference, keyed as `aggregation(metric)`, plus `period_days`. */
export type ResolvedInputs = ReadonlyMap<string, number>;

/** Key under which {@link ResolvedInputs} stores a reference. */
export function referenceKey(metric: string, aggregation: Aggregation): string {
  return `${aggregation}(${metric})`;
}

function inputError(kpi: string, message: string, path: readonly PropertyKey[]): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message: `${kpi}: ${message}`,
    issues: [{ path, code: 'invalid_kpi_input', message }],
    details: { kpi },
  });
}

/**
 * Looks up, for every reference of the compiled KPI, the aggregated input value.
 *
 * @throws DyocenseError `invalid_input` when a value is missing, not finite, or given as a bare number for
 * an aggregation other than the metric's declared one.
 */
export function resolveKpiInputs(compiled: CompiledKpi, inputs: KpiInputs): ResolvedInputs {
  const id = compiled.definition.id;
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw inputError(id, 'inputs must be an object of metric id to aggregated value', []);
  }
  const resolved = new Map<string, number>();
  for (const reference of compiled.formula.references) {
    if (reference.metric === periodDaysVariable) {
      const days = Object.hasOwn(inputs, periodDaysVariable) ? inputs[periodDaysVariable] : undefined;
      if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
        throw inputError(
          id,
          `inputs.${periodDaysVariable} must be the number of days in the period (a positive number)`,
          [periodDaysVariable],
        );
      }
      resolved.set(periodDaysVariable, days);
      continue;
    }
    const metric = compiled.metrics.get(reference.metric);
    if (metric === undefined)
      throw inputError(id, `unknown metric "${reference.metric}"`, [reference.metric]);
    const aggregation = resolveAggregation(metric, reference.aggregation);
    const given = Object.hasOwn(inputs, metric.id) ? inputs[metric.id] : undefined;
    let value: unknown;
    if (typeof given === 'number') {
      if (aggregation !== metric.aggregation) {
        throw inputError(
          id,
          `inputs.${metric.id} is a number, which stands for its declared aggregation (${metric.aggregation}), but the formula asks for ${aggregation}(${metric.id}); pass { ${aggregation}: value }`,
          [metric.id],
        );
      }
      value = given;
    } else if (typeof given === 'object' && given !== null) {
      for (const key of Object.keys(given)) {
        if (!aggregationSchema.safeParse(key).success) {
          throw inputError(id, `inputs.${metric.id}.${key} is not an aggregation`, [metric.id, key]);
        }
      }
      value = given[aggregation];
    }
    const path = typeof given === 'object' && given !== null ? [metric.id, aggregation] : [metric.id];
    if (value === undefined) {
      throw inputError(
        id,
        `needs inputs.${path.join('.')}: the ${aggregation} of ${metric.id} over the period`,
        path,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw inputError(id, `inputs.${path.join('.')} must be a finite number`, path);
    }
    resolved.set(referenceKey(metric.id, aggregation), value);
  }
  return resolved;
}

function keyOf(compiled: CompiledKpi, metricId: string, written: Aggregation | null): string {
  if (metricId === periodDaysVariable) return periodDaysVariable;
  const metric = compiled.metrics.get(metricId);
  return metric === undefined ? metricId : referenceKey(metricId, resolveAggregation(metric, written));
}

function evaluateNode(compiled: CompiledKpi, node: FormulaNode, values: ResolvedInputs): Outcome {
  switch (node.kind) {
    case 'number':
      return { ok: true, value: node.value };
    case 'metric': {
      const value = values.get(keyOf(compiled, node.metric, node.aggregation));
      if (value === undefined) {
        throw new DyocenseError({
          code: 'internal',
          message: `${compiled.definition.id}: no resolved input for "${node.metric}"`,
        });
      }
      return { ok: true, value };
    }
    case 'negate': {
      const operand = evaluateNode(compiled, node.operand, values);
      return operand.ok ? { ok: true, value: -operand.value } : operand;
    }
    case 'binary': {
      const left = evaluateNode(compiled, node.left, values);
      if (!left.ok) return left;
      const right = evaluateNode(compiled, node.right, values);
      if (!right.ok) return right;
      const id = compiled.definition.id;
      if (node.operator === '/' && right.value === 0) {
        const divisor = compiled.definition.formula.slice(node.right.start, node.right.end);
        return {
          ok: false,
          reason: {
            code: 'division_by_zero',
            message: `${id}: the divisor "${divisor}" (column ${node.right.start + 1}) is 0 for this period`,
          },
        };
      }
      const value =
        node.operator === '+'
          ? left.value + right.value
          : node.operator === '-'
            ? left.value - right.value
            : node.operator === '*'
              ? left.value * right.value
              : left.value / right.value;
      if (!Number.isFinite(value)) {
        const text = compiled.definition.formula.slice(node.start, node.end);
        return {
          ok: false,
          reason: {
            code: 'overflow',
            message: `${id}: "${text}" exceeds the range of a number for this period`,
          },
        };
      }
      return { ok: true, value };
    }
  }
}

function currencyOf(compiled: CompiledKpi): string | undefined {
  if (compiled.definition.currency !== undefined) return compiled.definition.currency;
  const key = Object.keys(compiled.inferredUnit.factors).find((factor) => factor.startsWith('currency:'));
  return key === undefined ? undefined : key.slice('currency:'.length);
}

/** Evaluates a compiled KPI on resolved inputs (see {@link resolveKpiInputs}). */
export function evaluateCompiledKpi(compiled: CompiledKpi, values: ResolvedInputs): KpiValue {
  const outcome = evaluateNode(compiled, compiled.formula.root, values);
  const currency = currencyOf(compiled);
  const base = {
    kpi: compiled.definition.id,
    unit: compiled.definition.unit,
    ...(currency === undefined ? {} : { currency }),
  };
  if (!outcome.ok) return { ...base, value: null, reason: outcome.reason };
  // Normalise -0 (e.g. `0 * -1`) so results compare and print as 0.
  return { ...base, value: outcome.value === 0 ? 0 : outcome.value, reason: null };
}

/**
 * Evaluates a KPI for one period from each metric's aggregated value over that period.
 *
 * The inputs are aggregates, not per-day values: a ratio KPI over a period is the ratio of the period's
 * aggregates. Average order value for a month is the month's total revenue divided by the month's total
 * orders, never the mean of the daily averages (days with few orders would otherwise weigh as much as
 * busy days). {@link computeKpiSeries} aggregates series this way before evaluating.
 *
 * @returns the value, or `value: null` with a `division_by_zero` or `overflow` reason; never NaN/Infinity.
 * @throws DyocenseError `invalid_input` when the KPI is invalid (see {@link compileKpi}) or an input is
 * missing or not a finite number.
 * @example
 * evaluateKpi(getKpi('average_order_value'), { revenue: 12_500, orders: 250 }); // value: 50
 */
export function evaluateKpi(kpi: KpiDefinitionInput, inputs: KpiInputs): KpiValue {
  const compiled = compileKpi(kpi);
  return evaluateCompiledKpi(compiled, resolveKpiInputs(compiled, inputs));
}
