/**
 * The checks `register` runs, in order. A failure is a `plugin_incompatible` DyocenseError whose
 * `details.check` is one of these names:
 *
 * 1. `manifest`: the manifest and every contribution parse, and `manifest.contributes` lists exactly the
 *    contributed ids.
 * 2. `api_version`: the manifest's and every contribution's `apiVersion` is supported by this core.
 * 3. `core_version`: this core's version satisfies `manifest.engines.core`.
 * 4. `unique_id`: the plugin id and every contributed id (per kind) and widget tag name are new; widget tags
 *    carry the plugin's prefix (`dy-` for the `dyocense` scope, `<scope>-` otherwise).
 * 5. `dependencies`: every `dependsOn` id is already registered.
 * 6. `secrets`: every `permissions.secrets` name is a secret field of one of the plugin's connectors, and
 *    every secret field is declared in `permissions.secrets` and exists in its config schema.
 * 7. `capabilities`: declared capabilities agree with the definitions (see each contribution kind).
 */
export const pluginChecks = [
  'manifest',
  'api_version',
  'core_version',
  'unique_id',
  'dependencies',
  'secrets',
  'capabilities',
] as const;

/** One of {@link pluginChecks}. */
export type PluginCheck = (typeof pluginChecks)[number];
