export type {
  CatalogV1,
  ConfiguredCatalogV1,
  ConfiguredStreamV1,
  ConnectionStatusV1,
  ConnectorCapabilitiesV1,
  ConnectorMessageV1,
  ConnectorSpecificationV1,
  ConnectorStateV1,
  ConnectorV1,
  FailureTypeV1,
  FieldTypeV1,
  FieldV1,
  LogMessageV1,
  ReadRequestV1,
  RecordMessageV1,
  StateMessageV1,
  StreamV1,
  SyncModeV1,
  TraceMessageV1,
} from './connector-v1.js';
export type {
  ClockV1,
  LogLevelV1,
  PluginContextV1,
  PluginFetchV1,
  PluginLoggerV1,
  PluginSecretsV1,
} from './context-v1.js';
export type {
  ExogenousV1,
  FitOptionsV1,
  FitRequestV1,
  ForecastCapabilitiesV1,
  ForecastIntervalV1,
  ForecastModelV1,
  ForecastPointV1,
  ForecastSeriesV1,
  ForecastV1,
  PredictOptionsV1,
  PredictRequestV1,
} from './forecast-model-v1.js';
export type { JsonObjectV1, JsonValueV1 } from './json-value-v1.js';
export type { KpiInputsV1, KpiV1 } from './kpi-v1.js';
export type { PluginContributionsV1, PluginManifestV1, PluginPermissionsV1 } from './manifest-v1.js';
export type { OptimizerCapabilitiesV1, OptimizerV1 } from './optimizer-v1.js';
export type { PluginV1 } from './plugin-v1.js';
export type { DataShapeV1, ElementConstructorV1, WidgetV1 } from './widget-v1.js';
