import { DyocenseError } from '../errors/index.js';
import { freezePlugin } from './internal/freeze-plugin.js';
import { runPluginChecks } from './internal/plugin-checks.js';
import { throwIfProblems } from './internal/problems.js';
import type { ConnectorV1 } from './spec/connector-v1.js';
import type { ForecastModelV1 } from './spec/forecast-model-v1.js';
import type { KpiV1 } from './spec/kpi-v1.js';
import type { OptimizerV1 } from './spec/optimizer-v1.js';
import type { PluginV1 } from './spec/plugin-v1.js';
import type { WidgetV1 } from './spec/widget-v1.js';

/** API versions of the plugin contracts this core understands. */
export const supportedApiVersions: readonly number[] = Object.freeze([1]);

/**
 * What a plugin author writes: the manifest fields (`contributes` is derived) and the contributions, each
 * made with its `define*` helper.
 */
export interface PluginDefinition {
  readonly apiVersion?: 1;
  /** Scoped slug `scope/name`, e.g. `acme/shopify`. */
  readonly id: string;
  readonly name: string;
  /** The plugin's version (semver). */
  readonly version: string;
  /** Default `''`. */
  readonly description?: string;
  /** `core`: semver range of supported `@dyocense/core` versions, e.g. `^0.1.0`. */
  readonly engines: { readonly core: string };
  /** Default `[]`. */
  readonly dependsOn?: readonly string[];
  /** Both lists default to `[]`. */
  readonly permissions?: { readonly allowedHosts?: readonly string[]; readonly secrets?: readonly string[] };
  readonly connectors?: readonly ConnectorV1<unknown, unknown>[];
  readonly kpis?: readonly KpiV1[];
  readonly forecastModels?: readonly ForecastModelV1<unknown, unknown, unknown>[];
  readonly optimizers?: readonly OptimizerV1<unknown, unknown, unknown>[];
  readonly widgets?: readonly WidgetV1<unknown, unknown>[];
}

const ids = (items: readonly { readonly id: string }[] | undefined): string[] =>
  Array.isArray(items) ? items.map((item) => item?.id) : [];

/**
 * Defines a plugin: builds its manifest (deriving `contributes` from the contributions), runs every
 * registration check that does not depend on a registry (manifest, api_version, unique_id within the
 * plugin and widget tag prefixes, secrets, capabilities) and returns a frozen {@link PluginV1}.
 *
 * @throws DyocenseError `invalid_input` naming the failed check in `details.check`.
 * @example
 * export default definePlugin({
 *   id: 'acme/shopify', name: 'Shopify', version: '1.0.0', engines: { core: '^0.1.0' },
 *   permissions: { allowedHosts: ['*.myshopify.com'], secrets: ['accessToken'] },
 *   connectors: [shopifyOrders],
 * });
 */
export function definePlugin(definition: PluginDefinition): PluginV1 {
  if (typeof definition !== 'object' || definition === null) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Invalid plugin definition: must be an object',
    });
  }
  const { connectors, kpis, forecastModels, optimizers, widgets, apiVersion, ...manifest } = definition;
  const candidate = {
    manifest: {
      ...manifest,
      apiVersion: apiVersion ?? 1,
      contributes: {
        connectors: ids(connectors),
        kpis: ids(kpis),
        forecastModels: ids(forecastModels),
        optimizers: ids(optimizers),
        widgets: ids(widgets),
      },
    },
    connectors: connectors ?? [],
    kpis: kpis ?? [],
    forecastModels: forecastModels ?? [],
    optimizers: optimizers ?? [],
    widgets: widgets ?? [],
  };
  const result = runPluginChecks(candidate, { supportedApiVersions });
  if ('check' in result) {
    throwIfProblems(result.problems, {
      code: 'invalid_input',
      subject: `Invalid plugin definition${typeof definition.id === 'string' ? ` "${definition.id}"` : ''} (${result.check})`,
      details: { check: result.check },
      ...(result.issues === undefined ? {} : { issues: result.issues }),
    });
  }
  return freezePlugin((result as { plugin: PluginV1 }).plugin);
}
