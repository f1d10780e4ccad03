import semver from 'semver';
import { z } from 'zod';
import { allowedHostSchema, contributionIdSchema, pluginIdSchema } from './internal/identifiers.js';

const semverSchema = z
  .string()
  .max(256)
  .refine((value) => semver.valid(value) === value, { message: 'must be a semantic version such as 1.2.3' });

const semverRangeSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((value) => semver.validRange(value) !== null, {
    message: 'must be a semver range such as ^0.1.0 or >=0.1.0 <2',
  });

function uniqueList<Item extends z.ZodType<string>>(item: Item, noun: string) {
  return z
    .array(item)
    .max(256)
    .refine((values) => new Set(values).size === values.length, { message: `lists a ${noun} twice` });
}

/** Schema of `manifest.permissions` ({@link PluginPermissionsV1}); both lists default to empty. */
export const pluginPermissionsSchema = z.strictObject({
  allowedHosts: uniqueList(allowedHostSchema, 'host').default([]),
  secrets: uniqueList(z.string().min(1).max(100), 'secret').default([]),
});

/** Schema of `manifest.contributes` ({@link PluginContributionsV1}); every list defaults to empty. */
export const pluginContributionsSchema = z.strictObject({
  connectors: uniqueList(contributionIdSchema, 'connector').default([]),
  kpis: uniqueList(contributionIdSchema, 'KPI').default([]),
  forecastModels: uniqueList(contributionIdSchema, 'forecast model').default([]),
  optimizers: uniqueList(contributionIdSchema, 'optimizer').default([]),
  widgets: uniqueList(contributionIdSchema, 'widget').default([]),
});

/**
 * Schema of a plugin manifest ({@link PluginManifestV1}). Strict: unknown keys are errors, so typos such as
 * `dependencies` for `dependsOn` do not pass silently.
 *
 * `apiVersion` accepts any positive integer here; whether the host supports it is a separate registration
 * check (`api_version`). Publish `z.toJSONSchema(pluginManifestSchema)` for editors.
 */
export const pluginManifestSchema = z.strictObject({
  apiVersion: z.number().int().positive(),
  id: pluginIdSchema,
  name: z.string().min(1).max(200),
  version: semverSchema,
  description: z.string().max(2000).default(''),
  engines: z.strictObject({ core: semverRangeSchema }),
  dependsOn: uniqueList(pluginIdSchema, 'dependency').default([]),
  permissions: pluginPermissionsSchema.default({ allowedHosts: [], secrets: [] }),
  contributes: pluginContributionsSchema.default({
    connectors: [],
    kpis: [],
    forecastModels: [],
    optimizers: [],
    widgets: [],
  }),
});

/** Manifest input accepted by {@link pluginManifestSchema}: lists and description may be omitted. */
export type PluginManifestInput = z.input<typeof pluginManifestSchema>;
