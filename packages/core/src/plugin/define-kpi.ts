import { DyocenseError } from '../errors/index.js';
import { compileKpi, type KpiDefinitionInput } from '../model/kpi-definition.js';
import { evaluateCompiledKpi, resolveKpiInputs } from '../model/kpi-evaluate.js';
import { deepFreezeData } from './internal/deep-freeze-data.js';
import type { KpiInputsV1, KpiV1 } from './spec/kpi-v1.js';

/** A KPI definition (see `kpiDefinitionSchema`) plus, optionally, a custom pure `compute`. */
export type KpiDefinitionWithCompute = KpiDefinitionInput & {
  readonly apiVersion?: 1;
  /** Replaces formula evaluation; must be pure and return a finite number or `null`. */
  readonly compute?: (inputs: KpiInputsV1) => number | null;
};

/**
 * Defines a KPI from a formula definition: validates and compiles it (formula syntax, metric references,
 * units) and returns a frozen {@link KpiV1}.
 *
 * Without `compute`, `kpi.compute(inputs)` evaluates the formula like core's `evaluateKpi` and returns its
 * value (`null` for a ratio over zero or an overflow). With `compute`, the inputs are validated the same
 * way and then handed to it.
 * `kpi.compute` throws `invalid_input` when an input the formula needs is missing or not finite, and
 * `internal` when a custom compute returns something other than a finite number or `null`.
 *
 * @throws DyocenseError `invalid_input` for a malformed definition or a formula that does not compile.
 * @example
 * const averageOrderValue = defineKpi({
 *   id: 'average_order_value', name: 'Average order value', description: 'Revenue per order',
 *   formula: 'sum(revenue) / sum(orders)', unit: 'currency/count:orders', direction: 'higher_is_better',
 *   metrics: [revenue, orders],
 * });
 * averageOrderValue.compute({ revenue: 12_500, orders: 250 }); // 50
 */
export function defineKpi(definition: KpiDefinitionWithCompute): KpiV1 {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({ code: 'invalid_input', message: 'Invalid KPI definition: must be an object' });
  }
  const { compute: custom, apiVersion = 1, ...input } = definition;
  if (apiVersion !== 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid KPI definition: apiVersion ${String(apiVersion)} is not supported (this core supports 1)`,
    });
  }
  if (custom !== undefined && typeof custom !== 'function') {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid KPI definition: compute must be a function',
    });
  }
  const compiled = compileKpi(input);
  const id = compiled.definition.id;
  const kpi: KpiV1 = {
    apiVersion: 1,
    kind: 'kpi',
    id,
    definition: compiled.definition,
    customCompute: custom !== undefined,
    compute(inputs) {
      if (typeof inputs !== 'object' || inputs === null) {
        throw new DyocenseError({ code: 'invalid_input', message: `${id}: inputs must be an object` });
      }
      const resolved = resolveKpiInputs(compiled, inputs);
      if (custom === undefined) return evaluateCompiledKpi(compiled, resolved).value;
      const value: unknown = custom(structuredClone(inputs));
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
      throw new DyocenseError({
        code: 'internal',
        message: `KPI "${id}" compute returned ${String(value)}; expected a finite number or null`,
        details: { kpi: id },
      });
    },
  };
  return deepFreezeData(kpi);
}
