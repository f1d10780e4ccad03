export { type Aggregation, aggregationSchema } from './aggregation.js';
export { type FindGapsOptions, type FrequencyGap, findGaps } from './find-gaps.js';
export { type Frequency, frequencySchema, type Grain, grainSchema } from './frequency.js';
export {
  type EvaluateGoalOptions,
  evaluateGoal,
  expectedGoalValue,
  type Goal,
  type GoalComparator,
  type GoalEvaluation,
  type GoalInput,
  type GoalStatus,
  goalComparatorSchema,
  goalProgress,
  goalSchema,
} from './goal.js';
export { type FrequencyInference, type InferFrequencyOptions, inferFrequency } from './infer-frequency.js';
export {
  type CompiledKpi,
  compileKpi,
  type KpiDefinition,
  type KpiDefinitionInput,
  kpiDefinitionSchema,
  periodDaysVariable,
} from './kpi-definition.js';
export {
  evaluateKpi,
  type KpiInputs,
  type KpiInputValue,
  type KpiNullReason,
  type KpiValue,
} from './kpi-evaluate.js';
export {
  type FormulaBinary,
  type FormulaMetric,
  type FormulaNegate,
  type FormulaNode,
  type FormulaNumber,
  type FormulaOperator,
  type FormulaReference,
  type FormulaSpan,
  type KpiFormula,
  maxFormulaDepth,
  maxFormulaLength,
  parseKpiFormula,
} from './kpi-formula.js';
export { computeKpiSeries, type KpiSeries, type KpiSeriesOptions } from './kpi-series.js';
export {
  currencyCodeSchema,
  type Direction,
  defineMetric,
  directionSchema,
  type MetricDefinition,
  type MetricDefinitionInput,
  metricDefinitionSchema,
  metricUnit,
  slugSchema,
  unitExpressionSchema,
} from './metric.js';
export { type ResampleOptions, resample } from './resample.js';
export { type TimeSeries, type TimeSeriesInput, timeSeriesSchema } from './series.js';
export { localeSchema, type Tenant, type TenantInput, tenantSchema } from './tenant.js';
export {
  addUnits,
  createUnit,
  dimensionless,
  divideUnits,
  formatUnit,
  isDimensionless,
  isUnitExpression,
  multiplyUnits,
  parseUnit,
  type Unit,
  unitSatisfies,
  unitsEqual,
} from './unit.js';
