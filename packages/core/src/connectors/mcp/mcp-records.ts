import type { FieldTypeV1, FieldV1 } from '../../plugin/spec/connector-v1.js';
import type { McpContent, McpToolResult } from './mcp-session.js';

/**
 * The JSON a tool answered: its `structuredContent` when present (the MCP way), otherwise the first text
 * block parsed as JSON (servers that predate structured output). `undefined` when there is none.
 */
export function jsonPayloadOf(result: McpToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  return jsonOfContents(result.content);
}

/** The first text content parsed as JSON, or `undefined`. */
export function jsonOfContents(contents: readonly McpContent[]): unknown {
  for (const block of contents) {
    if (block.text === undefined) continue;
    try {
      return JSON.parse(block.text);
    } catch {
      // Not JSON: try the next block.
    }
  }
  return undefined;
}

/** One page of records: the array at `recordsField` (or the payload itself when it is an array). */
export interface RecordsPage {
  readonly records: readonly unknown[];
  readonly nextCursor: string | undefined;
}

/** Reads a records page out of a JSON payload, or `undefined` when it holds no records array. */
export function recordsPageOf(
  payload: unknown,
  recordsField: string,
  cursorField: string,
): RecordsPage | undefined {
  if (Array.isArray(payload)) return { records: payload, nextCursor: undefined };
  if (typeof payload !== 'object' || payload === null) return undefined;
  const records = (payload as Record<string, unknown>)[recordsField];
  if (!Array.isArray(records)) return undefined;
  const next = (payload as Record<string, unknown>)[cursorField];
  return { records, nextCursor: typeof next === 'string' && next !== '' ? next : undefined };
}

function fieldTypeOf(schema: Record<string, unknown>): { type: FieldTypeV1; nullable: boolean } | undefined {
  const declared = Array.isArray(schema.type) ? schema.type : [schema.type];
  const nullable = declared.includes('null');
  const type = declared.find((entry) => entry !== 'null');
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return { type: 'timestamp', nullable };
      if (schema.format === 'date') return { type: 'date', nullable };
      return { type: 'string', nullable };
    case 'number':
      return { type: 'number', nullable };
    case 'integer':
      return { type: 'integer', nullable };
    case 'boolean':
      return { type: 'boolean', nullable };
    default:
      return undefined;
  }
}

/**
 * Record fields from a tool's `outputSchema`: the item properties of the `recordsField` array. Scalar
 * properties only (`string` with `date-time`/`date` formats become timestamps/dates); a property is
 * nullable when its type allows `null` or it is not `required`. `undefined` when the schema has no such
 * array.
 */
export function fieldsFromOutputSchema(
  outputSchema: Readonly<Record<string, unknown>> | undefined,
  recordsField: string,
): FieldV1[] | undefined {
  const properties = outputSchema?.properties as Record<string, Record<string, unknown>> | undefined;
  const array = properties?.[recordsField];
  const items = array?.type === 'array' ? (array.items as Record<string, unknown> | undefined) : undefined;
  const itemProperties = items?.properties as Record<string, Record<string, unknown>> | undefined;
  if (itemProperties === undefined) return undefined;
  const required = new Set(Array.isArray(items?.required) ? (items.required as string[]) : []);
  const fields: FieldV1[] = [];
  for (const [name, schema] of Object.entries(itemProperties)) {
    const typed = fieldTypeOf(schema);
    if (typed === undefined) continue;
    const description = typeof schema.description === 'string' ? schema.description : undefined;
    fields.push({
      name,
      type: typed.type,
      nullable: typed.nullable || !required.has(name),
      ...(description === undefined ? {} : { description }),
    });
  }
  return fields.length === 0 ? undefined : fields;
}
