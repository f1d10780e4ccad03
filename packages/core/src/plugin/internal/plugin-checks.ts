import semver from 'semver';
import { z } from 'zod';
import { DyocenseError, type ErrorIssue, parseInput } from '../../errors/index.js';
import { pluginManifestSchema } from '../manifest-schema.js';
import type { PluginCheck } from '../plugin-check.js';
import type { PluginContributionsV1 } from '../spec/manifest-v1.js';
import type { PluginV1 } from '../spec/plugin-v1.js';
import {
  connectorCapabilityProblems,
  connectorSecretProblems,
  forecastModelCapabilityProblems,
  kpiCapabilityProblems,
  optimizerCapabilityProblems,
  widgetCapabilityProblems,
} from './capability-problems.js';
import {
  connectorShapeSchema,
  forecastModelShapeSchema,
  kpiShapeSchema,
  optimizerShapeSchema,
  widgetShapeSchema,
} from './contribution-schemas.js';

/** A failed check: its name, the problems for the user, and zod's issues when parsing failed. */
export interface CheckFailure {
  readonly check: PluginCheck;
  readonly problems: readonly string[];
  readonly issues?: readonly ErrorIssue[];
}

/** What a registry already holds, for the checks that compare against it. */
export interface RegistryState {
  readonly pluginIds: ReadonlySet<string>;
  readonly ids: { readonly [Kind in keyof PluginContributionsV1]: ReadonlySet<string> };
  readonly tagNames: ReadonlySet<string>;
}

const contributionKinds = ['connectors', 'kpis', 'forecastModels', 'optimizers', 'widgets'] as const;

const pluginShapeSchema = z.object({
  manifest: pluginManifestSchema,
  connectors: z.array(connectorShapeSchema).default([]),
  kpis: z.array(kpiShapeSchema).default([]),
  forecastModels: z.array(forecastModelShapeSchema).default([]),
  optimizers: z.array(optimizerShapeSchema).default([]),
  widgets: z.array(widgetShapeSchema).default([]),
});

function describe(ids: readonly string[]): string {
  return ids.length === 0 ? 'nothing' : ids.map((id) => `"${id}"`).join(', ');
}

/**
 * Check 1: parses the plugin and returns it with the manifest's defaults applied and the original
 * contribution objects (their methods wrap the author's code), or the failure.
 */
export function checkManifest(input: unknown): { plugin: PluginV1 } | CheckFailure {
  let parsed: z.output<typeof pluginShapeSchema>;
  try {
    parsed = parseInput(pluginShapeSchema, input, 'plugin');
  } catch (error) {
    if (!DyocenseError.isInstance(error)) throw error;
    return { check: 'manifest', problems: [error.message], issues: error.issues };
  }
  const source = input as Partial<Record<(typeof contributionKinds)[number], readonly unknown[]>>;
  const problems: string[] = [];
  for (const kind of contributionKinds) {
    const declared = [...parsed.manifest.contributes[kind]].sort();
    const actual = [...new Set(parsed[kind].map((item) => item.id))].sort();
    if (declared.join('\n') !== actual.join('\n')) {
      problems.push(
        `manifest.contributes.${kind} lists ${describe(declared)} but the plugin contributes ${describe(actual)}`,
      );
    }
  }
  if (problems.length > 0) return { check: 'manifest', problems };
  const plugin = {
    manifest: parsed.manifest,
    connectors: source.connectors ?? [],
    kpis: source.kpis ?? [],
    forecastModels: source.forecastModels ?? [],
    optimizers: source.optimizers ?? [],
    widgets: source.widgets ?? [],
  } as unknown as PluginV1;
  return { plugin };
}

function contributions(plugin: PluginV1) {
  return [
    ...plugin.connectors,
    ...plugin.kpis,
    ...plugin.forecastModels,
    ...plugin.optimizers,
    ...plugin.widgets,
  ];
}

/** Check 2: every `apiVersion` is supported. */
export function apiVersionProblems(plugin: PluginV1, supported: readonly number[]): string[] {
  const list = supported.join(', ');
  const problems: string[] = [];
  if (!supported.includes(plugin.manifest.apiVersion)) {
    problems.push(`manifest apiVersion ${plugin.manifest.apiVersion} is not supported (supported: ${list})`);
  }
  for (const item of contributions(plugin)) {
    if (!supported.includes(item.apiVersion)) {
      problems.push(`${item.kind} "${item.id}" has apiVersion ${item.apiVersion} (supported: ${list})`);
    }
  }
  return problems;
}

/** Check 3: the core version satisfies `engines.core`. */
export function coreVersionProblems(plugin: PluginV1, coreVersion: string): string[] {
  const range = plugin.manifest.engines.core;
  return semver.satisfies(coreVersion, range, { includePrerelease: true })
    ? []
    : [`requires @dyocense/core ${range} but this is ${coreVersion}`];
}

/** The tag-name prefix a plugin's widgets must use. */
export function widgetTagPrefix(pluginId: string): string {
  const scope = pluginId.slice(0, pluginId.indexOf('/'));
  return scope === 'dyocense' ? 'dy-' : `${scope}-`;
}

/** Check 4: ids and tag names are unique within the plugin and against `state`, tag names are prefixed. */
export function uniqueIdProblems(plugin: PluginV1, state?: RegistryState): string[] {
  const problems: string[] = [];
  const pluginId = plugin.manifest.id;
  if (state?.pluginIds.has(pluginId)) problems.push(`a plugin with id "${pluginId}" is already registered`);
  for (const kind of contributionKinds) {
    const seen = new Set<string>();
    for (const item of plugin[kind]) {
      if (seen.has(item.id)) problems.push(`the plugin contributes ${kind} id "${item.id}" twice`);
      else if (state?.ids[kind].has(item.id)) problems.push(`${kind} id "${item.id}" is already registered`);
      seen.add(item.id);
    }
  }
  const prefix = widgetTagPrefix(pluginId);
  const tags = new Set<string>();
  for (const widget of plugin.widgets) {
    if (!widget.tagName.startsWith(prefix) || (prefix !== 'dy-' && widget.tagName.startsWith('dy-'))) {
      problems.push(`widget "${widget.id}" tag <${widget.tagName}> must start with "${prefix}"`);
    }
    if (tags.has(widget.tagName) || state?.tagNames.has(widget.tagName)) {
      problems.push(`widget tag <${widget.tagName}> is already used`);
    }
    tags.add(widget.tagName);
  }
  return problems;
}

/** Check 5: every dependency is registered. */
export function dependencyProblems(plugin: PluginV1, registered: ReadonlySet<string>): string[] {
  return plugin.manifest.dependsOn
    .filter((id) => !registered.has(id))
    .map((id) => `depends on "${id}", which is not registered (register it first)`);
}

/** Check 6: declared secrets and connector secret fields agree. */
export function secretProblems(plugin: PluginV1): string[] {
  const declared = new Set(plugin.manifest.permissions.secrets);
  const problems = plugin.connectors.flatMap(connectorSecretProblems);
  const fields = new Set<string>();
  for (const connector of plugin.connectors) {
    for (const field of connector.spec.secretFields) {
      fields.add(field);
      if (!declared.has(field)) {
        problems.push(
          `connector "${connector.id}" secret field "${field}" is not declared in permissions.secrets`,
        );
      }
    }
  }
  for (const name of declared) {
    if (!fields.has(name)) {
      problems.push(
        `permissions.secrets declares "${name}" but no connector has a secret config field of that name`,
      );
    }
  }
  return problems;
}

/** Check 7: capabilities agree with the definitions. */
export function capabilityProblems(plugin: PluginV1): string[] {
  return [
    ...plugin.connectors.flatMap(connectorCapabilityProblems),
    ...plugin.kpis.flatMap(kpiCapabilityProblems),
    ...plugin.forecastModels.flatMap(forecastModelCapabilityProblems),
    ...plugin.optimizers.flatMap(optimizerCapabilityProblems),
    ...plugin.widgets.flatMap(widgetCapabilityProblems),
  ];
}

/** Options of {@link runPluginChecks}; without `registry`, the checks that need one are skipped. */
export interface RunPluginChecksOptions {
  readonly supportedApiVersions: readonly number[];
  readonly registry?: { readonly coreVersion: string; readonly state: RegistryState };
}

/** Runs the checks in order and returns the normalised plugin or the first failure. */
export function runPluginChecks(
  input: unknown,
  options: RunPluginChecksOptions,
): { plugin: PluginV1 } | CheckFailure {
  const manifest = checkManifest(input);
  if (!('plugin' in manifest)) return manifest;
  const { plugin } = manifest;
  const { registry } = options;
  const steps: [PluginCheck, () => string[]][] = [
    ['api_version', () => apiVersionProblems(plugin, options.supportedApiVersions)],
    ['core_version', () => (registry ? coreVersionProblems(plugin, registry.coreVersion) : [])],
    ['unique_id', () => uniqueIdProblems(plugin, registry?.state)],
    ['dependencies', () => (registry ? dependencyProblems(plugin, registry.state.pluginIds) : [])],
    ['secrets', () => secretProblems(plugin)],
    ['capabilities', () => capabilityProblems(plugin)],
  ];
  for (const [check, run] of steps) {
    const problems = run();
    if (problems.length > 0) return { check, problems };
  }
  return { plugin };
}
