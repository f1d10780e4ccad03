/** What a plugin may reach outside the process. */
export interface PluginPermissionsV1 {
  /**
   * Hosts the plugin's `fetch` may contact: exact DNS names (`api.example.com`) or one leading wildcard
   * (`*.example.com`, which matches any subdomain but not `example.com` itself). IP literals are not allowed.
   */
  readonly allowedHosts: readonly string[];
  /** Names of secrets the plugin reads; each must be a field marked secret in one of its connectors. */
  readonly secrets: readonly string[];
}

/** Ids of everything a plugin contributes, so a catalog can list a plugin without running it. */
export interface PluginContributionsV1 {
  readonly connectors: readonly string[];
  readonly kpis: readonly string[];
  readonly forecastModels: readonly string[];
  readonly optimizers: readonly string[];
  readonly widgets: readonly string[];
}

/**
 * A plugin's manifest: pure data, checkable without running the plugin.
 *
 * `id` is a scoped slug `scope/name` (lowercase letters, digits and hyphens), e.g. `acme/shopify`.
 */
export interface PluginManifestV1 {
  readonly apiVersion: 1;
  readonly id: string;
  readonly name: string;
  /** The plugin's own version (semver). */
  readonly version: string;
  readonly description: string;
  /** Semver range of `@dyocense/core` versions the plugin works with, e.g. `^0.1.0`. */
  readonly engines: { readonly core: string };
  /** Ids of plugins that must be registered before this one. */
  readonly dependsOn: readonly string[];
  readonly permissions: PluginPermissionsV1;
  readonly contributes: PluginContributionsV1;
}
