import type { Aggregation } from '../../model/aggregation.js';
import type { KpiDefinition } from '../../model/kpi-definition.js';

/**
 * One period's inputs, by metric id: the metric's aggregate over the period, as a number (under the
 * metric's declared aggregation) or an object keyed by aggregation when the formula asks for several
 * (`{ mean: 2500, last: 3000 }`); plus `period_days` when the formula uses it. The same shape as core's
 * `evaluateKpi`.
 */
export type KpiInputsV1 = Readonly<Record<string, number | Readonly<Partial<Record<Aggregation, number>>>>>;

/**
 * A KPI: a formula definition over metrics plus a pure `compute` for one period.
 *
 * `compute` returns a finite number, or `null` when the KPI is undefined for the period (a ratio over
 * zero). It depends on nothing but its argument.
 */
export interface KpiV1 {
  readonly apiVersion: 1;
  readonly kind: 'kpi';
  /** Equal to `definition.id`. */
  readonly id: string;
  readonly definition: KpiDefinition;
  /** True when the author supplied `compute`; false when it evaluates `definition.formula`. */
  readonly customCompute: boolean;
  compute(inputs: KpiInputsV1): number | null;
}
