import { DyocenseError } from '../errors/index.js';
import { toInputJsonSchema } from './internal/json-schema-properties.js';
import type { ConnectorV1 } from './spec/connector-v1.js';

type JsonSchema = { readonly [key: string]: unknown };

function markSecrets(node: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const copy: Record<string, unknown> = { ...(node as JsonSchema) };
  const properties = copy.properties;
  if (typeof properties === 'object' && properties !== null) {
    copy.properties = Object.fromEntries(
      Object.entries(properties).map(([name, schema]) => [
        name,
        secrets.has(name) && typeof schema === 'object' ? { ...schema, writeOnly: true } : schema,
      ]),
    );
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = copy[key];
    if (Array.isArray(branches)) copy[key] = branches.map((branch) => markSecrets(branch, secrets));
  }
  return copy;
}

/**
 * The JSON Schema (draft 2020-12) of a connector's configuration input, for forms and editors. Secret
 * fields carry `writeOnly: true`, so a UI can render them as password inputs and never echo them back.
 *
 * @throws DyocenseError `invalid_input` when the connector's config schema cannot be converted.
 * @example
 * const schema = toConfigJsonSchema(registry.getConnector('file-upload'));
 */
export function toConfigJsonSchema(
  connector: Pick<ConnectorV1<unknown, unknown>, 'id' | 'spec'>,
): JsonSchema {
  const converted = toInputJsonSchema(connector?.spec?.configSchema);
  if (!converted.ok) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The config schema of connector "${String(connector?.id)}" cannot be converted to JSON Schema: ${converted.message}`,
    });
  }
  return markSecrets(converted.jsonSchema, new Set(connector.spec.secretFields)) as JsonSchema;
}
