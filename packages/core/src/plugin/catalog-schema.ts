import { z } from 'zod';

/** Schema of one record field ({@link FieldV1}). */
export const fieldSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'timestamp', 'date']),
  nullable: z.boolean(),
  description: z.string().max(2000).optional(),
});

/**
 * Schema of a stream ({@link StreamV1}): field names are unique, the primary key and cursor name existing
 * fields, sync modes are unique, and an incremental stream has a cursor.
 */
export const streamSchema = z
  .object({
    name: z.string().min(1).max(200),
    fields: z.array(fieldSchema).min(1),
    primaryKey: z.array(z.string().min(1)),
    cursorField: z.string().min(1).optional(),
    supportedSyncModes: z.array(z.enum(['full_refresh', 'incremental'])).min(1),
  })
  .superRefine((stream, context) => {
    const names = new Set<string>();
    stream.fields.forEach((field, index) => {
      if (names.has(field.name)) {
        context.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: 'duplicates a field' });
      }
      names.add(field.name);
    });
    stream.primaryKey.forEach((key, index) => {
      if (!names.has(key)) {
        context.addIssue({ code: 'custom', path: ['primaryKey', index], message: `"${key}" is not a field` });
      }
    });
    if (stream.cursorField !== undefined && !names.has(stream.cursorField)) {
      context.addIssue({
        code: 'custom',
        path: ['cursorField'],
        message: `"${stream.cursorField}" is not a field`,
      });
    }
    if (new Set(stream.supportedSyncModes).size !== stream.supportedSyncModes.length) {
      context.addIssue({ code: 'custom', path: ['supportedSyncModes'], message: 'lists a mode twice' });
    }
    if (stream.supportedSyncModes.includes('incremental') && stream.cursorField === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['cursorField'],
        message: 'is required because the stream supports incremental sync',
      });
    }
  });

/** Schema of a catalog ({@link CatalogV1}): valid streams with unique names. */
export const catalogSchema = z.object({ streams: z.array(streamSchema) }).superRefine((catalog, context) => {
  const names = new Set<string>();
  catalog.streams.forEach((stream, index) => {
    if (names.has(stream.name)) {
      context.addIssue({ code: 'custom', path: ['streams', index, 'name'], message: 'duplicates a stream' });
    }
    names.add(stream.name);
  });
});

/** Schema of a configured catalog ({@link ConfiguredCatalogV1}): at least one stream, each named once. */
export const configuredCatalogSchema = z
  .object({
    streams: z
      .array(z.object({ name: z.string().min(1), syncMode: z.enum(['full_refresh', 'incremental']) }))
      .min(1),
  })
  .superRefine((catalog, context) => {
    const names = new Set<string>();
    catalog.streams.forEach((stream, index) => {
      if (names.has(stream.name)) {
        context.addIssue({ code: 'custom', path: ['streams', index, 'name'], message: 'is selected twice' });
      }
      names.add(stream.name);
    });
  });

/** Schema of a connector state ({@link ConnectorStateV1}): stream name to JSON checkpoint. */
export const connectorStateSchema = z.record(z.string().min(1), z.json());
