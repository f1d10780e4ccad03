import { z } from 'zod';
import { DyocenseError } from '../../../errors/index.js';
import type { FieldTypeV1, FieldV1, StreamV1 } from '../../../plugin/spec/connector-v1.js';
import type { SalesforceConfig } from '../salesforce-config.js';
import type { SalesforceSession } from './salesforce-session.js';

/** Standard objects every Salesforce catalog offers when the org has them. */
export const standardObjects = ['Opportunity', 'Account', 'Order'] as const;

const apiNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

const describeGlobalSchema = z.object({
  sobjects: z.array(
    z.object({
      name: z.string(),
      custom: z.boolean(),
      queryable: z.boolean(),
      label: z.string().optional(),
    }),
  ),
});

const describeSObjectSchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  fields: z.array(
    z.object({ name: z.string(), type: z.string(), nillable: z.boolean(), label: z.string().optional() }),
  ),
});

/** One describable field of an object as the connector reads it. */
export interface SalesforceField {
  readonly name: string;
  readonly salesforceType: string;
  readonly field: FieldV1;
}

/** An object's readable fields and how it can be synchronised. */
export interface SalesforceObject {
  readonly name: string;
  readonly fields: readonly SalesforceField[];
  /** The object has `SystemModstamp`, so it can be read incrementally. */
  readonly incremental: boolean;
  /** The object has `IsDeleted`, so `queryAll` can report deletions. */
  readonly deletable: boolean;
}

/**
 * Salesforce field types (SOAP API "Field Types") to connector field types. Compound fields (`address`,
 * `location`), `base64` bodies and `anyType` are left out: SOQL returns them as objects or blobs.
 */
const typeMap: Readonly<Record<string, FieldTypeV1>> = {
  id: 'string',
  reference: 'string',
  string: 'string',
  textarea: 'string',
  picklist: 'string',
  multipicklist: 'string',
  combobox: 'string',
  phone: 'string',
  email: 'string',
  url: 'string',
  encryptedstring: 'string',
  time: 'string',
  boolean: 'boolean',
  int: 'integer',
  double: 'number',
  currency: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'timestamp',
};

function versionPath(config: SalesforceConfig): string {
  return `/services/data/v${config.apiVersion}`;
}

function parse<Schema extends z.ZodType>(schema: Schema, body: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new DyocenseError({
      code: 'unavailable',
      message: `Salesforce answered ${what} with an unexpected body: ${result.error.issues[0]?.message ?? ''}`,
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * Names of the objects to offer: Opportunity, Account and Order when queryable, then the queryable custom
 * objects (`config.customObjects` when given, every one otherwise).
 *
 * @throws DyocenseError `not_found` when a configured custom object is missing or not queryable.
 */
export async function listObjects(session: SalesforceSession, config: SalesforceConfig): Promise<string[]> {
  const global = parse(
    describeGlobalSchema,
    await session.getJson(`${versionPath(config)}/sobjects/`),
    'describeGlobal',
  );
  const queryable = new Map(
    global.sobjects
      .filter((item) => item.queryable && apiNamePattern.test(item.name))
      .map((item) => [item.name, item]),
  );
  const standard = standardObjects.filter((name) => queryable.has(name));
  const customs = [...queryable.values()].filter((item) => item.custom && item.name.endsWith('__c'));
  if (config.customObjects === undefined) return [...standard, ...customs.map((item) => item.name).sort()];
  const missing = config.customObjects.filter((name) => !customs.some((item) => item.name === name));
  if (missing.length > 0) {
    throw new DyocenseError({
      code: 'not_found',
      message: `The Salesforce org has no queryable custom object ${missing.map((name) => `"${name}"`).join(', ')}`,
    });
  }
  return [...standard, ...config.customObjects];
}

/** Describes one object: its readable fields, and whether it supports incremental reads and deletions. */
export async function describeObject(
  session: SalesforceSession,
  config: SalesforceConfig,
  name: string,
): Promise<SalesforceObject> {
  if (!apiNamePattern.test(name)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `"${name}" is not a Salesforce object API name`,
    });
  }
  const described = parse(
    describeSObjectSchema,
    await session.getJson(`${versionPath(config)}/sobjects/${name}/describe/`),
    `describe of ${name}`,
  );
  const fields: SalesforceField[] = [];
  for (const field of described.fields) {
    const type = typeMap[field.type];
    if (type === undefined || !apiNamePattern.test(field.name)) continue;
    // Identity, cursor and deletion flag are always set, whatever describe says.
    const required = field.name === 'Id' || field.name === 'SystemModstamp' || field.name === 'IsDeleted';
    fields.push({
      name: field.name,
      salesforceType: field.type,
      field: {
        name: field.name,
        type,
        nullable: required ? false : field.nillable,
        ...(field.name === 'IsDeleted'
          ? { description: 'true for a deleted record (incremental reads): remove the record with this Id' }
          : field.label === undefined
            ? {}
            : { description: field.label }),
      },
    });
  }
  if (!fields.some((field) => field.name === 'Id')) {
    throw new DyocenseError({ code: 'invalid_input', message: `Salesforce object ${name} has no Id field` });
  }
  return {
    name: described.name,
    fields,
    incremental: fields.some((field) => field.name === 'SystemModstamp'),
    deletable: fields.some((field) => field.name === 'IsDeleted'),
  };
}

/** The stream of an object: primary key `Id`, cursor `SystemModstamp` when it has one. */
export function toStream(object: SalesforceObject): StreamV1 {
  return {
    name: object.name,
    fields: object.fields.map((field) => field.field),
    primaryKey: ['Id'],
    ...(object.incremental ? { cursorField: 'SystemModstamp' } : {}),
    supportedSyncModes: object.incremental ? ['full_refresh', 'incremental'] : ['full_refresh'],
  };
}
