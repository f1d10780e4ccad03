import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DyocenseError } from '../errors/index.js';
import {
  averageOrderValue,
  meanModel,
  ordersConnector,
  ordersStream,
  samplePluginDefinition,
  sparklineWidget,
} from './__fixtures__/sample-plugin.js';
import { createRegistry } from './create-registry.js';
import { definePlugin } from './define-plugin.js';
import type { PluginCheck } from './plugin-check.js';
import type { PluginV1 } from './spec/plugin-v1.js';

const samplePlugin = definePlugin(samplePluginDefinition);

function withManifest(plugin: PluginV1, manifest: Record<string, unknown>): PluginV1 {
  return { ...plugin, manifest: { ...plugin.manifest, ...manifest } } as PluginV1;
}

function basePlugin(id: string, extra: Record<string, unknown> = {}): PluginV1 {
  return definePlugin({ id, name: id, version: '1.0.0', engines: { core: '>=0.1.0' }, ...extra });
}

function registrationError(register: () => void): DyocenseError {
  try {
    register();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected register to throw');
}

function expectRejected(register: () => void, check: PluginCheck, fragment: string): DyocenseError {
  const error = registrationError(register);
  expect(error.code).toBe('plugin_incompatible');
  expect(error.details.check).toBe(check);
  expect(error.message).toContain(fragment);
  return error;
}

describe('createRegistry', () => {
  it('registers a valid plugin and indexes every contribution', () => {
    const registry = createRegistry();
    registry.register(samplePlugin);
    expect(registry.getPlugin('acme/shop').manifest.contributes.connectors).toEqual(['acme-orders']);
    expect(registry.getConnector('acme-orders')).toBe(ordersConnector);
    expect(registry.getKpi('acme_aov')).toBe(averageOrderValue);
    expect(registry.getForecastModel('acme-mean')).toBe(meanModel);
    expect(registry.getWidget('acme-sparkline')).toBe(sparklineWidget);
    expect(registry.getOptimizer('acme-reorder').id).toBe('acme-reorder');
    expect(registry.listKpis().map((kpi) => kpi.id)).toEqual(['acme_aov']);
    expect(registry.listConnectors()).toHaveLength(1);
    expect(registry.getOwner('forecastModels', 'acme-mean')).toBe('acme/shop');
    expect(registry.hasPlugin('acme/shop')).toBe(true);
  });

  it('throws not_found for unknown ids, listing what is registered', () => {
    const registry = createRegistry();
    registry.register(samplePlugin);
    const error = registrationError(() => registry.getConnector('shopify'));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('No connector "shopify" is registered (registered: acme-orders)');
    expect(() => registry.getPlugin('acme/none')).toThrow(
      expect.objectContaining({ code: 'not_found' }) as Error,
    );
    expect(() => registry.getKpi('nope')).toThrow(expect.objectContaining({ code: 'not_found' }) as Error);
  });

  it('rejects a coreVersion that is not a semantic version', () => {
    expect(() => createRegistry({ coreVersion: 'latest' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
  });

  it('rejects a malformed manifest with the manifest check and zod issues', () => {
    const registry = createRegistry();
    const error = expectRejected(
      () => registry.register(withManifest(samplePlugin, { version: 'one' })),
      'manifest',
      'version',
    );
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['manifest.version']);
  });

  it('rejects unknown manifest keys, so typos do not pass silently', () => {
    expectRejected(
      () => createRegistry().register(withManifest(samplePlugin, { dependencies: ['acme/base'] })),
      'manifest',
      'dependencies',
    );
  });

  it('rejects a manifest whose contributes list disagrees with the contributions', () => {
    const plugin = { ...samplePlugin, kpis: [] };
    expectRejected(() => createRegistry().register(plugin), 'manifest', 'manifest.contributes.kpis');
  });

  it('rejects an unsupported manifest apiVersion with the api_version check', () => {
    expectRejected(
      () => createRegistry().register(withManifest(samplePlugin, { apiVersion: 2 })),
      'api_version',
      'manifest apiVersion 2 is not supported',
    );
  });

  it('rejects a contribution built for an unsupported apiVersion', () => {
    const plugin = {
      ...samplePlugin,
      connectors: [{ ...ordersConnector, apiVersion: 3 }],
    } as unknown as PluginV1;
    expectRejected(
      () => createRegistry().register(plugin),
      'api_version',
      'connector "acme-orders" has apiVersion 3',
    );
  });

  it('rejects a plugin whose engines.core range excludes this core', () => {
    const registry = createRegistry({ coreVersion: '0.1.0' });
    expectRejected(
      () => registry.register(withManifest(samplePlugin, { engines: { core: '^2.0.0' } })),
      'core_version',
      'requires @dyocense/core ^2.0.0 but this is 0.1.0',
    );
  });

  it('accepts prerelease cores inside the range', () => {
    const registry = createRegistry({ coreVersion: '0.2.0-beta.1' });
    registry.register(withManifest(samplePlugin, { engines: { core: '>=0.1.0' } }));
    expect(registry.hasPlugin('acme/shop')).toBe(true);
  });

  it('rejects a second plugin with the same id', () => {
    const registry = createRegistry();
    registry.register(basePlugin('acme/base'));
    expectRejected(
      () => registry.register(basePlugin('acme/base')),
      'unique_id',
      'a plugin with id "acme/base"',
    );
  });

  it('rejects a contribution id that another plugin already registered', () => {
    const registry = createRegistry();
    registry.register(samplePlugin);
    const other = basePlugin('other/shop', { kpis: [averageOrderValue] });
    expectRejected(() => registry.register(other), 'unique_id', 'kpis id "acme_aov" is already registered');
  });

  it('rejects the same contribution id twice within one plugin', () => {
    const plugin = basePlugin('acme/base');
    const doubled = {
      manifest: {
        ...plugin.manifest,
        contributes: { ...plugin.manifest.contributes, connectors: ['acme-orders'] },
      },
      connectors: [ordersConnector, ordersConnector],
      kpis: [],
      forecastModels: [],
      optimizers: [],
      widgets: [],
    } as unknown as PluginV1;
    expectRejected(() => createRegistry().register(doubled), 'unique_id', 'twice');
  });

  it('rejects a widget tag without the plugin prefix', () => {
    const plugin = basePlugin('acme/charts', { widgets: [sparklineWidget] });
    const renamed = withManifest(plugin, { id: 'globex/charts' });
    expectRejected(
      () => createRegistry().register(renamed),
      'unique_id',
      'tag <acme-sparkline> must start with "globex-"',
    );
  });

  it('rejects a plugin whose dependency is not registered, and accepts it afterwards', () => {
    const registry = createRegistry();
    const dependent = basePlugin('acme/reports', { dependsOn: ['acme/base'] });
    expectRejected(() => registry.register(dependent), 'dependencies', 'depends on "acme/base"');
    registry.register(basePlugin('acme/base'));
    registry.register(dependent);
    expect(registry.listPlugins().map((plugin) => plugin.manifest.id)).toEqual(['acme/base', 'acme/reports']);
  });

  it('rejects a declared secret that no connector marks as secret', () => {
    const plugin = withManifest(samplePlugin, {
      permissions: { allowedHosts: ['api.acme.com'], secrets: ['apiKey', 'password'] },
    });
    expectRejected(() => createRegistry().register(plugin), 'secrets', 'declares "password"');
  });

  it('rejects a connector secret field missing from permissions.secrets', () => {
    const plugin = withManifest(samplePlugin, { permissions: { allowedHosts: [], secrets: [] } });
    expectRejected(
      () => createRegistry().register(plugin),
      'secrets',
      'secret field "apiKey" is not declared in permissions.secrets',
    );
  });

  it('rejects a connector secret field that is not in its config schema', () => {
    const connector = { ...ordersConnector, spec: { ...ordersConnector.spec, secretFields: ['token'] } };
    const plugin = {
      ...withManifest(samplePlugin, { permissions: { allowedHosts: [], secrets: ['token'] } }),
      connectors: [connector],
    } as unknown as PluginV1;
    expectRejected(() => createRegistry().register(plugin), 'secrets', 'has no such field');
  });

  it('rejects a connector that declares incremental support without an incremental stream', () => {
    const fullRefresh = { ...ordersStream, supportedSyncModes: ['full_refresh'] as const };
    const connector = { ...ordersConnector, streams: [fullRefresh] };
    const plugin = { ...samplePlugin, connectors: [connector] } as unknown as PluginV1;
    expectRejected(
      () => createRegistry().register(plugin),
      'capabilities',
      'declares incremental support but no stream supports incremental sync',
    );
  });

  it('rejects a connector that offers incremental streams but declares incremental: false', () => {
    const connector = { ...ordersConnector, capabilities: { incremental: false, dynamicStreams: false } };
    const plugin = { ...samplePlugin, connectors: [connector] } as unknown as PluginV1;
    expectRejected(() => createRegistry().register(plugin), 'capabilities', 'declares incremental: false');
  });

  it('rejects a seasonal forecast model with minHistory 1', () => {
    const model = {
      ...meanModel,
      capabilities: { ...meanModel.capabilities, seasonality: true, minHistory: 1 },
    };
    const plugin = { ...samplePlugin, forecastModels: [model] } as unknown as PluginV1;
    expectRejected(
      () => createRegistry().register(plugin),
      'capabilities',
      'declares seasonality but minHistory 1',
    );
  });

  it('rejects a KPI whose formula unit contradicts its declared unit', () => {
    const kpi = { ...averageOrderValue, definition: { ...averageOrderValue.definition, unit: 'percent' } };
    const plugin = { ...samplePlugin, kpis: [kpi] } as unknown as PluginV1;
    expectRejected(() => createRegistry().register(plugin), 'capabilities', 'KPI "acme_aov"');
  });

  it('rejects a widget whose props schema does not describe an object', () => {
    const widget = { ...sparklineWidget, propsSchema: z.string() };
    const plugin = { ...samplePlugin, widgets: [widget] } as unknown as PluginV1;
    expectRejected(() => createRegistry().register(plugin), 'capabilities', 'must describe an object');
  });

  it('runs the checks in order: an apiVersion problem is reported before a core version problem', () => {
    const plugin = withManifest(samplePlugin, { apiVersion: 2, engines: { core: '^9.0.0' } });
    expectRejected(() => createRegistry().register(plugin), 'api_version', 'apiVersion 2');
  });

  it('registers nothing when a check fails', () => {
    const registry = createRegistry();
    const plugin = withManifest(samplePlugin, { dependsOn: ['acme/missing'] });
    expect(() => registry.register(plugin)).toThrow();
    expect(registry.listPlugins()).toEqual([]);
    expect(registry.listConnectors()).toEqual([]);
  });

  it('answers garbage with plugin_incompatible instead of crashing', () => {
    const registry = createRegistry();
    for (const input of [null, 42, 'plugin', {}, { manifest: null }]) {
      expectRejected(() => registry.register(input as unknown as PluginV1), 'manifest', 'Invalid plugin');
    }
  });
});
