import { DyocenseError } from '../errors/index.js';

/**
 * Why a key or a sealed secret was refused: `invalid_key` (key text is not 32 bytes in base64 or hex),
 * `duplicate_key`, `no_key` (an empty keyring), `malformed` (not an envelope this version reads), `unknown_key`
 * (sealed under a key the keyring no longer holds) or `tampered` (authentication failed: altered bytes, a wrong
 * key, or a binding to another tenant, object or field).
 */
export type SecretFailureReason =
  | 'invalid_key'
  | 'duplicate_key'
  | 'no_key'
  | 'malformed'
  | 'unknown_key'
  | 'tampered';

/** A `DyocenseError` (`invalid_input`) whose `details.reason` says which {@link SecretFailureReason}. */
export function secretError(reason: SecretFailureReason, message: string, cause?: unknown): DyocenseError {
  return new DyocenseError({
    code: 'invalid_input',
    message,
    issues: [{ path: [], code: reason, message }],
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}
