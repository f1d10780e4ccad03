export {
  decryptSecret,
  encryptSecret,
  reencryptSecret,
  type SecretBinding,
  sealedSecretPrefix,
  secretKeyIdOf,
} from './encrypt-secret.js';
export type { SecretFailureReason } from './secret-error.js';
export {
  createSecretKeyring,
  parseSecretKey,
  type SecretKey,
  type SecretKeyring,
  secretKeyBytes,
  secretKeyringFromEnvironment,
} from './secret-keyring.js';
