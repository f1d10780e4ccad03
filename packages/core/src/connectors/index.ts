export {
  type FileUploadConfig,
  type FileUploadConfigInput,
  fileUploadConfigSchema,
} from './file-upload/file-upload-config.js';
export {
  createFileUploadConnector,
  type FileUploadConnectorOptions,
  fileUploadConnector,
} from './file-upload/file-upload-connector.js';
export { createFileUploadPlugin, fileUploadPlugin } from './file-upload/file-upload-plugin.js';
