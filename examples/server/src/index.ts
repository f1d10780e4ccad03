export {
  type AuthOptions,
  apiAudience,
  embedAudience,
  jwtAlgorithm,
  jwtIssuer,
  type Principal,
  type Role,
  roles,
  type SignTokenOptions,
  signToken,
} from './auth.js';
export { demoTenantId, seedDemoTenant } from './demo.js';
export { type RunningServer, type StartOptions, startServer } from './serve.js';
export { buildServer, type ServerOptions } from './server.js';
