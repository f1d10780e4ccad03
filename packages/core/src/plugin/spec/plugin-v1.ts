import type { ConnectorV1 } from './connector-v1.js';
import type { ForecastModelV1 } from './forecast-model-v1.js';
import type { KpiV1 } from './kpi-v1.js';
import type { PluginManifestV1 } from './manifest-v1.js';
import type { OptimizerV1 } from './optimizer-v1.js';
import type { WidgetV1 } from './widget-v1.js';

/**
 * A plugin: its manifest plus everything it contributes. `manifest.contributes` lists exactly the ids of
 * the contributions below.
 */
export interface PluginV1 {
  readonly manifest: PluginManifestV1;
  readonly connectors: readonly ConnectorV1<unknown, unknown>[];
  readonly kpis: readonly KpiV1[];
  readonly forecastModels: readonly ForecastModelV1<unknown, unknown, unknown>[];
  readonly optimizers: readonly OptimizerV1<unknown, unknown, unknown>[];
  readonly widgets: readonly WidgetV1<unknown, unknown>[];
}
