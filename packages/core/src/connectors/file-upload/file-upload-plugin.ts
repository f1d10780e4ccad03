import { coreVersion } from '../../plugin/core-version.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import type { PluginV1 } from '../../plugin/spec/plugin-v1.js';
import {
  createFileUploadConnector,
  type FileUploadConnectorOptions,
  fileUploadConnector,
} from './file-upload-connector.js';

const manifest = {
  id: 'dyocense/file-upload',
  name: 'File upload',
  // Ships inside @dyocense/core, so it is always exactly this core's version.
  version: coreVersion,
  description: 'Built-in connector for CSV and Excel uploads',
  engines: { core: coreVersion },
} as const;

/**
 * The built-in file-upload plugin: needs no network and no secrets.
 *
 * @example
 * registry.register(createFileUploadPlugin({ baseDirectory: '/srv/uploads' }));
 */
export function createFileUploadPlugin(options: FileUploadConnectorOptions = {}): PluginV1 {
  return definePlugin({ ...manifest, connectors: [createFileUploadConnector(options)] });
}

/** The file-upload plugin with {@link fileUploadConnector} (any readable path). */
export const fileUploadPlugin: PluginV1 = definePlugin({ ...manifest, connectors: [fileUploadConnector] });
