// Public API of @dyocense/evidence: each module's exports are listed here and nowhere else.
export {
  type CorrelateInput,
  type CorrelationPair,
  type CorrelationResult,
  correlate,
  correlationTransforms,
} from './correlation/correlate.js';
export {
  type DecomposeKpiChangeInput,
  type DriverContribution,
  decomposeKpiChange,
  type KpiChangeDecomposition,
} from './decomposition/decompose-kpi-change.js';
export {
  decomposeMixRate,
  type MixRateDecomposition,
  type MixRateInput,
  type MixRateSegment,
} from './decomposition/mix-rate-decomposition.js';
export {
  type EffectEstimate,
  estimateTreatmentEffects,
  type OverlapDiagnostics,
  type RefusedEstimate,
  type TreatmentEffects,
  type TreatmentEffectsInput,
} from './effects/estimate-treatment-effects.js';
export {
  type ChangeExplanation,
  type EvidenceLevel,
  type ExplainChangeInput,
  type ExplainDriver,
  evidenceLevels,
  explainChange,
} from './explain/explain-change.js';
export {
  type GrangerInput,
  type GrangerPairSummary,
  type GrangerResult,
  type GrangerTest,
  grangerCausality,
  grangerTransforms,
} from './granger/granger-causality.js';
export type {
  NotTestable,
  PairwiseStatistics,
  TestStatistic,
} from './granger/internal/pairwise-granger-test.js';
export {
  buildCausalGraph,
  type CausalEdge,
  type CausalGraph,
  type CausalGraphInput,
  edgeEvidence,
} from './graph/build-causal-graph.js';
export {
  estimateImpact,
  type ImpactInput,
  type ImpactResult,
  type Interval,
  impactMethods,
  type PlaceboCheck,
  type PointwiseImpact,
  shortHistoryThreshold,
} from './impact/estimate-impact.js';
export {
  type AdjustmentMethod,
  adjustmentMethods,
  adjustPValues,
} from './multiple-testing/adjust-p-values.js';
export { fitOls, type OlsFit, type OlsInput } from './regression/fit-ols.js';
export { type AdfTestInput, type AdfTestResult, adfTest } from './stationarity/adf-test.js';
export {
  type InformationCriterion,
  type SelectVarOrderInput,
  selectVarOrder,
  type VarOrderSelection,
} from './var/select-var-order.js';
export {
  estimateWhatIf,
  type WhatIfDelta,
  type WhatIfInput,
  type WhatIfResult,
} from './whatif/estimate-what-if.js';
