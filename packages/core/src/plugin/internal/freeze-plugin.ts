import type { PluginV1 } from '../spec/plugin-v1.js';
import { deepFreezeData } from './deep-freeze-data.js';

/**
 * A frozen copy of a plugin: the manifest deeply frozen, the contribution lists copied and frozen. The
 * contribution objects themselves are not touched (the `define*` helpers already froze theirs).
 */
export function freezePlugin(plugin: PluginV1): PluginV1 {
  return Object.freeze({
    manifest: deepFreezeData(structuredClone(plugin.manifest)),
    connectors: Object.freeze([...plugin.connectors]),
    kpis: Object.freeze([...plugin.kpis]),
    forecastModels: Object.freeze([...plugin.forecastModels]),
    optimizers: Object.freeze([...plugin.optimizers]),
    widgets: Object.freeze([...plugin.widgets]),
  });
}
