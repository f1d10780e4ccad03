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
export type { DriveFile } from './google-drive/drive-file.js';
export {
  type DriveMcpConfig,
  driveMcpConfigSchema,
  type GoogleDriveConfig,
  type GoogleDriveConfigInput,
  googleDriveConfigSchema,
} from './google-drive/google-drive-config.js';
export {
  createGoogleDriveConnector,
  type GoogleDriveConnectorOptions,
  googleDriveConnector,
  googleDriveFilesStream,
  googleDrivePointsStream,
} from './google-drive/google-drive-connector.js';
export { createGoogleDrivePlugin } from './google-drive/google-drive-plugin.js';
export {
  buildGoogleAuthorizationUrl,
  exchangeGoogleAuthorizationCode,
  type FetchFunction,
  type GoogleAuthorizationOptions,
  type GoogleTokens,
  googleDriveReadonlyScope,
  googleOAuthEndpoints,
  refreshGoogleAccessToken,
} from './google-drive/google-oauth.js';
export { defaultGoogleRetryPolicy, type GoogleRetryPolicy } from './google-drive/google-retry.js';
export { createMcpConnector, mcpConnector } from './mcp/mcp-connector.js';
export {
  type McpConnectorConfig,
  type McpConnectorConfigInput,
  type McpStreamConfig,
  mcpConnectorConfigSchema,
  mcpStreamConfigSchema,
} from './mcp/mcp-connector-config.js';
export { createMcpPlugin, type McpPluginOptions } from './mcp/mcp-plugin.js';
export {
  type McpHostOptions,
  type McpServerConfig,
  type McpStdioServer,
  mcpServerConfigSchema,
} from './mcp/mcp-server-config.js';
export {
  type SalesforceConfig,
  type SalesforceConfigInput,
  salesforceConfigSchema,
  salesforceSecretFields,
} from './salesforce/salesforce-config.js';
export {
  createSalesforceConnector,
  type SalesforceConnectorOptions,
  salesforceConnector,
} from './salesforce/salesforce-connector.js';
export {
  type SalesforceMetricOptions,
  type SalesforceMetricPoint,
  type SalesforceMetricRecords,
  salesforceMetrics,
  toSalesforceMetricPoints,
} from './salesforce/salesforce-metric-points.js';
export {
  buildSalesforceAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  exchangeSalesforceAuthorizationCode,
  type PkcePair,
  refreshSalesforceAccessToken,
  type SalesforceAuthorizeUrlOptions,
  type SalesforceExchangeCodeOptions,
  type SalesforceRefreshOptions,
  type SalesforceTokens,
} from './salesforce/salesforce-oauth.js';
export {
  createSalesforcePlugin,
  type SalesforcePluginOptions,
  salesforceAllowedHosts,
  salesforcePlugin,
} from './salesforce/salesforce-plugin.js';
export type { RefreshTokenRotation, RefreshTokenRotationHandler } from './salesforce/salesforce-rotation.js';
