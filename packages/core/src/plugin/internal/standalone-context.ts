import { createPluginContext } from '../create-plugin-context.js';
import type { PluginContextV1 } from '../spec/context-v1.js';

let context: PluginContextV1 | undefined;

/**
 * The context used when a model or optimizer is called directly, outside a host: no network, no secrets,
 * a signal that never aborts, the system clock.
 */
export function standaloneContext(): PluginContextV1 {
  context ??= createPluginContext({
    manifest: { id: 'dyocense/standalone', permissions: { allowedHosts: [], secrets: [] } },
  });
  return context;
}
