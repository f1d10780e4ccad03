export {
  catalogSchema,
  configuredCatalogSchema,
  connectorStateSchema,
  fieldSchema,
  streamSchema,
} from './catalog-schema.js';
export { connectorMessageSchema } from './connector-message-schema.js';
export { coreVersion } from './core-version.js';
export {
  type CreatePluginContextOptions,
  createPluginContext,
  type SecretSource,
} from './create-plugin-context.js';
export { type CreateRegistryOptions, createRegistry, type Registry } from './create-registry.js';
export { type ConnectorDefinition, defineConnector } from './define-connector.js';
export { defineForecastModel, type ForecastModelDefinition } from './define-forecast-model.js';
export { defineKpi, type KpiDefinitionWithCompute } from './define-kpi.js';
export { defineOptimizer, type OptimizerDefinition } from './define-optimizer.js';
export { definePlugin, type PluginDefinition, supportedApiVersions } from './define-plugin.js';
export { defineWidget, type WidgetDefinition } from './define-widget.js';
export {
  type PluginManifestInput,
  pluginContributionsSchema,
  pluginManifestSchema,
  pluginPermissionsSchema,
} from './manifest-schema.js';
export { type PluginCheck, pluginChecks } from './plugin-check.js';
export type * from './spec/index.js';
export { toConfigJsonSchema } from './to-config-json-schema.js';
