import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { ordersConnector, samplePluginDefinition, sparklineWidget } from './__fixtures__/sample-plugin.js';
import { definePlugin } from './define-plugin.js';

function failure(run: () => unknown): DyocenseError {
  try {
    run();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('definePlugin', () => {
  it('derives manifest.contributes from the contributions and applies defaults', () => {
    const plugin = definePlugin(samplePluginDefinition);
    expect(plugin.manifest).toEqual({
      apiVersion: 1,
      id: 'acme/shop',
      name: 'Acme shop',
      version: '1.2.0',
      description: 'Orders from the Acme shop',
      engines: { core: '^0.1.0' },
      dependsOn: [],
      permissions: { allowedHosts: ['api.acme.com'], secrets: ['apiKey'] },
      contributes: {
        connectors: ['acme-orders'],
        kpis: ['acme_aov'],
        forecastModels: ['acme-mean'],
        optimizers: ['acme-reorder'],
        widgets: ['acme-sparkline'],
      },
    });
    expect(Object.isFrozen(plugin.manifest.permissions.allowedHosts)).toBe(true);
    expect(Object.isFrozen(plugin.connectors)).toBe(true);
  });

  it('names the failed check in details for an invalid plugin id', () => {
    const error = failure(() => definePlugin({ ...samplePluginDefinition, id: 'no-scope' }));
    expect(error.code).toBe('invalid_input');
    expect(error.details.check).toBe('manifest');
  });

  it('rejects a widget tag outside the plugin prefix', () => {
    const error = failure(() =>
      definePlugin({ ...samplePluginDefinition, id: 'globex/shop', widgets: [sparklineWidget] }),
    );
    expect(error.details.check).toBe('unique_id');
  });

  it('rejects undeclared connector secrets', () => {
    const error = failure(() =>
      definePlugin({
        ...samplePluginDefinition,
        permissions: { allowedHosts: [] },
        connectors: [ordersConnector],
      }),
    );
    expect(error.details.check).toBe('secrets');
  });

  it('rejects an allowedHosts entry with a scheme or an IP address', () => {
    for (const host of ['https://api.acme.com', '10.0.0.1', '*.com', 'api.acme.com:8080']) {
      const error = failure(() =>
        definePlugin({
          ...samplePluginDefinition,
          permissions: { allowedHosts: [host], secrets: ['apiKey'] },
        }),
      );
      expect(error.details.check).toBe('manifest');
    }
  });

  it('rejects a non-object definition with invalid_input', () => {
    expect(failure(() => definePlugin(undefined as never)).code).toBe('invalid_input');
  });
});
