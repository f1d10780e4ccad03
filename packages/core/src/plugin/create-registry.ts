import semver from 'semver';
import { z } from 'zod';
import { DyocenseError, parseInput } from '../errors/index.js';
import { coreVersion as currentCoreVersion } from './core-version.js';
import { supportedApiVersions } from './define-plugin.js';
import { freezePlugin } from './internal/freeze-plugin.js';
import { type RegistryState, runPluginChecks } from './internal/plugin-checks.js';
import { throwIfProblems } from './internal/problems.js';
import type { ConnectorV1 } from './spec/connector-v1.js';
import type { ForecastModelV1 } from './spec/forecast-model-v1.js';
import type { KpiV1 } from './spec/kpi-v1.js';
import type { PluginContributionsV1 } from './spec/manifest-v1.js';
import type { OptimizerV1 } from './spec/optimizer-v1.js';
import type { PluginV1 } from './spec/plugin-v1.js';
import type { WidgetV1 } from './spec/widget-v1.js';

/** Options of {@link createRegistry}. */
export interface CreateRegistryOptions {
  /** Version checked against each plugin's `engines.core`. Default: this package's {@link coreVersion}. */
  readonly coreVersion?: string;
}

/**
 * Validated, indexed plugins. Every lookup throws `not_found` for an unknown id; every list is in
 * registration order.
 */
export interface Registry {
  readonly coreVersion: string;
  /**
   * Checks the plugin (see {@link pluginChecks}, in that order) and indexes it; nothing is registered when
   * a check fails.
   *
   * @throws DyocenseError `plugin_incompatible` with `details.check` naming the failed check,
   * `details.pluginId` and `details.problems`.
   */
  register(plugin: PluginV1): void;
  hasPlugin(id: string): boolean;
  getPlugin(id: string): PluginV1;
  listPlugins(): readonly PluginV1[];
  getConnector(id: string): ConnectorV1<unknown, unknown>;
  listConnectors(): readonly ConnectorV1<unknown, unknown>[];
  getKpi(id: string): KpiV1;
  listKpis(): readonly KpiV1[];
  getForecastModel(id: string): ForecastModelV1<unknown, unknown, unknown>;
  listForecastModels(): readonly ForecastModelV1<unknown, unknown, unknown>[];
  getOptimizer(id: string): OptimizerV1<unknown, unknown, unknown>;
  listOptimizers(): readonly OptimizerV1<unknown, unknown, unknown>[];
  getWidget(id: string): WidgetV1<unknown, unknown>;
  listWidgets(): readonly WidgetV1<unknown, unknown>[];
  /** Id of the plugin that contributed a connector, KPI, model, optimizer or widget. */
  getOwner(kind: keyof PluginContributionsV1, id: string): string;
}

const optionsSchema = z
  .object({
    coreVersion: z
      .string()
      .refine((value) => semver.valid(value) === value, {
        message: 'must be a semantic version such as 1.2.3',
      })
      .optional(),
  })
  .default({});

type Kind = keyof PluginContributionsV1;
const kindNouns: Record<Kind, string> = {
  connectors: 'connector',
  kpis: 'KPI',
  forecastModels: 'forecast model',
  optimizers: 'optimizer',
  widgets: 'widget',
};

/**
 * Creates an empty plugin registry.
 *
 * @throws DyocenseError `invalid_input` when `coreVersion` is not a semantic version.
 * @example
 * const registry = createRegistry();
 * registry.register(fileUploadPlugin);
 * const connector = registry.getConnector('file-upload');
 */
export function createRegistry(options?: CreateRegistryOptions): Registry {
  const parsed = parseInput(optionsSchema, options, 'registry options');
  const coreVersion = parsed.coreVersion ?? currentCoreVersion;
  const plugins = new Map<string, PluginV1>();
  const indexes = {
    connectors: new Map<string, { owner: string; item: ConnectorV1<unknown, unknown> }>(),
    kpis: new Map<string, { owner: string; item: KpiV1 }>(),
    forecastModels: new Map<string, { owner: string; item: ForecastModelV1<unknown, unknown, unknown> }>(),
    optimizers: new Map<string, { owner: string; item: OptimizerV1<unknown, unknown, unknown> }>(),
    widgets: new Map<string, { owner: string; item: WidgetV1<unknown, unknown> }>(),
  };
  const tagNames = new Set<string>();

  function state(): RegistryState {
    const ids = (kind: Kind) => new Set(indexes[kind].keys());
    return {
      pluginIds: new Set(plugins.keys()),
      ids: {
        connectors: ids('connectors'),
        kpis: ids('kpis'),
        forecastModels: ids('forecastModels'),
        optimizers: ids('optimizers'),
        widgets: ids('widgets'),
      },
      tagNames,
    };
  }

  function lookup<Item>(kind: Kind, index: Map<string, { owner: string; item: Item }>, id: string) {
    const entry = index.get(id);
    if (entry === undefined) {
      const known = [...index.keys()];
      throw new DyocenseError({
        code: 'not_found',
        message: `No ${kindNouns[kind]} "${String(id)}" is registered${known.length > 0 ? ` (registered: ${known.join(', ')})` : ''}`,
        details: { kind, id: String(id) },
      });
    }
    return entry;
  }

  const list = <Item>(index: Map<string, { owner: string; item: Item }>): readonly Item[] =>
    Object.freeze([...index.values()].map((entry) => entry.item));

  const registry: Registry = {
    coreVersion,
    register(input) {
      const result = runPluginChecks(input, {
        supportedApiVersions,
        registry: { coreVersion, state: state() },
      });
      const pluginId = (input as { manifest?: { id?: unknown } } | null)?.manifest?.id;
      const label = typeof pluginId === 'string' ? `Plugin "${pluginId}"` : 'Plugin';
      if ('check' in result) {
        throwIfProblems(result.problems, {
          code: 'plugin_incompatible',
          subject: `${label} failed the ${result.check} check`,
          details: { check: result.check, pluginId: typeof pluginId === 'string' ? pluginId : null },
          ...(result.issues === undefined ? {} : { issues: result.issues }),
        });
      }
      const plugin = freezePlugin((result as { plugin: PluginV1 }).plugin);
      const owner = plugin.manifest.id;
      plugins.set(owner, plugin);
      for (const item of plugin.connectors) indexes.connectors.set(item.id, { owner, item });
      for (const item of plugin.kpis) indexes.kpis.set(item.id, { owner, item });
      for (const item of plugin.forecastModels) indexes.forecastModels.set(item.id, { owner, item });
      for (const item of plugin.optimizers) indexes.optimizers.set(item.id, { owner, item });
      for (const item of plugin.widgets) {
        indexes.widgets.set(item.id, { owner, item });
        tagNames.add(item.tagName);
      }
    },
    hasPlugin: (id) => plugins.has(id),
    getPlugin(id) {
      const plugin = plugins.get(id);
      if (plugin === undefined) {
        throw new DyocenseError({
          code: 'not_found',
          message: `No plugin "${String(id)}" is registered`,
          details: { kind: 'plugins', id: String(id) },
        });
      }
      return plugin;
    },
    listPlugins: () => Object.freeze([...plugins.values()]),
    getConnector: (id) => lookup('connectors', indexes.connectors, id).item,
    listConnectors: () => list(indexes.connectors),
    getKpi: (id) => lookup('kpis', indexes.kpis, id).item,
    listKpis: () => list(indexes.kpis),
    getForecastModel: (id) => lookup('forecastModels', indexes.forecastModels, id).item,
    listForecastModels: () => list(indexes.forecastModels),
    getOptimizer: (id) => lookup('optimizers', indexes.optimizers, id).item,
    listOptimizers: () => list(indexes.optimizers),
    getWidget: (id) => lookup('widgets', indexes.widgets, id).item,
    listWidgets: () => list(indexes.widgets),
    getOwner(kind, id) {
      if (!(kind in indexes)) {
        throw new DyocenseError({
          code: 'invalid_input',
          message: `Unknown contribution kind "${String(kind)}"`,
        });
      }
      return lookup(kind, indexes[kind] as Map<string, { owner: string; item: unknown }>, id).owner;
    },
  };
  return Object.freeze(registry);
}
