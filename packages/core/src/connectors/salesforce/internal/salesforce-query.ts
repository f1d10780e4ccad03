import { z } from 'zod';
import { DyocenseError } from '../../../errors/index.js';
import type { JsonObjectV1, JsonValueV1 } from '../../../plugin/spec/json-value-v1.js';
import type { SalesforceObject } from './salesforce-describe.js';

/**
 * A stream's checkpoint: the `SystemModstamp` and `Id` of the last record emitted. Records are read in
 * `(SystemModstamp, Id)` order, so "after the checkpoint" is exact even when many records share one
 * `SystemModstamp` (a bulk update): `SystemModstamp > t OR (SystemModstamp = t AND Id > id)`. A bare
 * `SystemModstamp > t` would lose the rest of a tie cut by a checkpoint; a bare `>=` would re-emit it.
 */
export interface SalesforceCursor {
  readonly systemModstamp: string;
  readonly id: string;
}

const cursorSchema = z.strictObject({
  systemModstamp: z.iso.datetime({ offset: true }),
  id: z.string().regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/, 'must be a Salesforce record Id'),
});

/** @throws DyocenseError `invalid_input` when `state` is not a checkpoint this connector wrote. */
export function parseCursor(stream: string, state: JsonValueV1): SalesforceCursor {
  const result = cursorSchema.safeParse(state);
  if (!result.success) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `Invalid state for Salesforce stream "${stream}": expected { systemModstamp, id }, got ${JSON.stringify(state)?.slice(0, 200)}`,
      cause: result.error,
    });
  }
  return { systemModstamp: new Date(result.data.systemModstamp).toISOString(), id: result.data.id };
}

/** A SOQL dateTime literal (UTC with milliseconds, unquoted). */
const literal = (instant: string): string => new Date(instant).toISOString();

/** Options of {@link buildSoql}. */
export interface SoqlOptions {
  readonly cursor?: SalesforceCursor;
  readonly startDate?: string;
  /** Only records with `SystemModstamp <= upperBound` (ISO instant). */
  readonly upperBound?: string;
}

/**
 * The SOQL that reads `object` after `cursor`, in `(SystemModstamp, Id)` order (Id order alone for objects
 * without `SystemModstamp`). Every name comes from describe and every literal is re-formatted, so nothing
 * from the outside is pasted into the query.
 */
export function buildSoql(object: SalesforceObject, options: SoqlOptions = {}): string {
  const select = `SELECT ${object.fields.map((field) => field.name).join(', ')} FROM ${object.name}`;
  if (!object.incremental) return `${select} ORDER BY Id ASC`;
  const conditions: string[] = [];
  if (options.cursor !== undefined) {
    const at = literal(options.cursor.systemModstamp);
    conditions.push(`(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > '${options.cursor.id}'))`);
  }
  if (options.startDate !== undefined) conditions.push(`SystemModstamp >= ${literal(options.startDate)}`);
  if (options.upperBound !== undefined) conditions.push(`SystemModstamp <= ${literal(options.upperBound)}`);
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  return `${select}${where} ORDER BY SystemModstamp ASC, Id ASC`;
}

/** Salesforce writes offsets without a colon (`+0000`); ISO 8601 readers want `+00:00` or `Z`. */
function toIsoInstant(value: string): string | null {
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

function convert(type: string, value: unknown): JsonValueV1 {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true';
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
    case 'double':
    case 'currency':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'datetime':
      return typeof value === 'string' ? toIsoInstant(value) : null;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/**
 * A query result record as stream data: exactly the described fields (the `attributes` envelope dropped),
 * date-times as ISO instants in UTC.
 */
export function toRecordData(
  object: SalesforceObject,
  record: Readonly<Record<string, unknown>>,
): JsonObjectV1 {
  const data: Record<string, JsonValueV1> = {};
  for (const field of object.fields) data[field.name] = convert(field.salesforceType, record[field.name]);
  return data;
}
