import { DyocenseError } from '../../errors/index.js';
import { compileKpi } from '../../model/kpi-definition.js';
import type { ConnectorV1 } from '../spec/connector-v1.js';
import type { ForecastModelV1 } from '../spec/forecast-model-v1.js';
import type { KpiV1 } from '../spec/kpi-v1.js';
import type { OptimizerV1 } from '../spec/optimizer-v1.js';
import type { WidgetV1 } from '../spec/widget-v1.js';
import { objectPropertyNames, toInputJsonSchema } from './json-schema-properties.js';

type Schema = Parameters<typeof toInputJsonSchema>[0];

function schemaProblems(schema: Schema, label: string, mustBeObject: boolean): string[] {
  const converted = toInputJsonSchema(schema);
  if (!converted.ok) return [`${label} cannot be converted to JSON Schema: ${converted.message}`];
  if (mustBeObject && objectPropertyNames(converted.jsonSchema) === undefined) {
    return [`${label} must describe an object (or a union of objects)`];
  }
  return [];
}

/**
 * Cross-field rules for a connector:
 * - the config schema converts to JSON Schema and describes an object (hosts render forms from it);
 * - a static catalog (`dynamicStreams: false`) lists at least one stream; a dynamic one lists none;
 * - `incremental: true` with a static catalog needs a stream that supports incremental sync (which the
 *   stream schema forces to have a cursor field); with a dynamic catalog the conformance kit checks it;
 * - `incremental: false` forbids any stream that offers incremental sync.
 */
export function connectorCapabilityProblems(connector: ConnectorV1<unknown, unknown>): string[] {
  const label = `connector "${connector.id}"`;
  const problems = schemaProblems(connector.spec.configSchema, `${label}: spec.configSchema`, true);
  const { incremental, dynamicStreams } = connector.capabilities;
  const streams = connector.streams ?? [];
  if (!dynamicStreams && streams.length === 0) {
    problems.push(`${label} has a static catalog (dynamicStreams: false) but lists no streams`);
  }
  if (dynamicStreams && streams.length > 0) {
    problems.push(`${label} declares dynamicStreams but also lists static streams; choose one`);
  }
  const incrementalStreams = streams.filter((stream) => stream.supportedSyncModes.includes('incremental'));
  if (incremental && !dynamicStreams && incrementalStreams.length === 0) {
    problems.push(
      `${label} declares incremental support but no stream supports incremental sync with a cursor field`,
    );
  }
  if (!incremental && incrementalStreams.length > 0) {
    problems.push(
      `${label} offers incremental sync on ${incrementalStreams.map((stream) => `"${stream.name}"`).join(', ')} but declares incremental: false`,
    );
  }
  return problems;
}

/**
 * Cross-field rules for a KPI: `id` equals `definition.id`, and the definition compiles (its formula parses,
 * uses exactly the declared metrics and gives the declared unit).
 */
export function kpiCapabilityProblems(kpi: KpiV1): string[] {
  const problems: string[] = [];
  if (kpi.id !== kpi.definition.id) {
    problems.push(`KPI "${kpi.id}" has definition.id "${kpi.definition.id}"; they must be equal`);
  }
  try {
    compileKpi(kpi.definition);
  } catch (error) {
    problems.push(`KPI "${kpi.id}": ${DyocenseError.isInstance(error) ? error.message : String(error)}`);
  }
  return problems;
}

/**
 * Cross-field rules for a forecast model: the params schema converts to JSON Schema, and a seasonal model
 * needs `minHistory >= 2` (one observation cannot show a pattern that repeats).
 */
export function forecastModelCapabilityProblems(model: ForecastModelV1<unknown, unknown, unknown>): string[] {
  const label = `forecast model "${model.id}"`;
  const problems = schemaProblems(model.paramsSchema, `${label}: paramsSchema`, false);
  if (model.capabilities.seasonality && model.capabilities.minHistory < 2) {
    problems.push(
      `${label} declares seasonality but minHistory ${model.capabilities.minHistory}; use at least 2`,
    );
  }
  return problems;
}

/** Cross-field rules for an optimizer: both schemas convert to JSON Schema (hosts validate and document them). */
export function optimizerCapabilityProblems(optimizer: OptimizerV1<unknown, unknown, unknown>): string[] {
  const label = `optimizer "${optimizer.id}"`;
  return [
    ...schemaProblems(optimizer.inputSchema, `${label}: inputSchema`, false),
    ...schemaProblems(optimizer.outputSchema, `${label}: outputSchema`, false),
  ];
}

/** Cross-field rules for a widget: the props schema converts to JSON Schema and describes an object. */
export function widgetCapabilityProblems(widget: WidgetV1<unknown, unknown>): string[] {
  return schemaProblems(widget.propsSchema, `widget "${widget.id}": propsSchema`, true);
}

/**
 * Secret rules for one connector: every `spec.secretFields` entry is a top-level property of the config
 * schema.
 */
export function connectorSecretProblems(connector: ConnectorV1<unknown, unknown>): string[] {
  const converted = toInputJsonSchema(connector.spec.configSchema);
  const properties = converted.ok ? objectPropertyNames(converted.jsonSchema) : undefined;
  if (properties === undefined) return [];
  return connector.spec.secretFields
    .filter((field) => !properties.has(field))
    .map(
      (field) =>
        `connector "${connector.id}" marks "${field}" as secret but its config schema has no such field`,
    );
}
