export { ConformanceFailure } from './conformance-failure.js';
export {
  type ConnectorFixture,
  type ConnectorTestId,
  checkConnectorCancellation,
  checkConnectorCheckFails,
  checkConnectorCheckSucceeds,
  checkConnectorDiscover,
  checkConnectorFullRefresh,
  checkConnectorFutureState,
  checkConnectorIncrementalResume,
  checkConnectorRead,
  checkConnectorSpec,
  connectorTestIds,
} from './connector-checks.js';
export {
  createMockConnector,
  type MockConnectorConfig,
  type MockConnectorOptions,
} from './create-mock-connector.js';
export {
  createMockContext,
  type MockContextOptions,
  type MockLogEntry,
  type MockPluginContext,
  mockNow,
} from './create-mock-context.js';
export { type DescribeConnectorOptions, describeConnector } from './describe-connector.js';
export { type DescribeForecastModelOptions, describeForecastModel } from './describe-forecast-model.js';
export { type DescribeKpiOptions, describeKpi } from './describe-kpi.js';
export { type DescribeOptimizerOptions, describeOptimizer } from './describe-optimizer.js';
export {
  checkForecastModelDefinition,
  checkForecastModelDeterministic,
  checkForecastModelFinite,
  checkForecastModelHorizon,
  checkForecastModelIntervals,
  checkForecastModelMinHistory,
  type ForecastModelFixture,
  type ForecastModelTestId,
  forecastModelTestIds,
} from './forecast-model-checks.js';
export {
  checkKpiDefinition,
  checkKpiExamples,
  checkKpiFinite,
  checkKpiInvalidInput,
  checkKpiPure,
  type KpiExample,
  type KpiFixture,
  type KpiTestId,
  kpiTestIds,
} from './kpi-checks.js';
export {
  checkOptimizerAbort,
  checkOptimizerDefinition,
  checkOptimizerDeterministic,
  checkOptimizerRejectsInvalid,
  checkOptimizerSolvesValid,
  type OptimizerFixture,
  type OptimizerTestId,
  optimizerTestIds,
} from './optimizer-checks.js';
export type { SkippedTest } from './skipped-test.js';
