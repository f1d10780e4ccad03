import { z } from 'zod';

type JsonSchemaNode = { readonly [key: string]: unknown };

function isNode(value: unknown): value is JsonSchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON Schema of a zod schema's input, or a message saying why it cannot be converted (a part JSON
 * Schema cannot express, such as `z.bigint()`, `z.date()` or `z.custom()`; refinements are dropped).
 */
export function toInputJsonSchema(
  schema: z.ZodType,
): { ok: true; jsonSchema: JsonSchemaNode } | { ok: false; message: string } {
  try {
    return { ok: true, jsonSchema: z.toJSONSchema(schema, { io: 'input' }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function objectBranches(node: JsonSchemaNode): JsonSchemaNode[] | undefined {
  if (node.type === 'object') return [node];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const nested = branches.filter(isNode).map(objectBranches);
      if (nested.some((branch) => branch === undefined)) return undefined;
      return nested.flatMap((branch) => branch ?? []);
    }
  }
  return undefined;
}

/**
 * Top-level property names of an object-shaped JSON Schema (a union of objects contributes the properties
 * of every branch), or `undefined` when the schema does not describe an object.
 */
export function objectPropertyNames(jsonSchema: JsonSchemaNode): Set<string> | undefined {
  const branches = objectBranches(jsonSchema);
  if (branches === undefined) return undefined;
  const names = new Set<string>();
  for (const branch of branches) {
    if (isNode(branch.properties)) for (const name of Object.keys(branch.properties)) names.add(name);
  }
  return names;
}
