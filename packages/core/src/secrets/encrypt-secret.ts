import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secretError } from './secret-error.js';
import type { SecretKeyring } from './secret-keyring.js';

/**
 * What a secret belongs to. It is authenticated with the ciphertext (AES-GCM associated data) and never stored
 * in it, so a sealed value copied to another tenant's row, another object or another field does not open.
 */
export interface SecretBinding {
  readonly tenantId: string;
  /** The row holding the secret, e.g. a data source id. */
  readonly objectId: string;
  /** The field within that row, e.g. `apiKey`. */
  readonly field: string;
}

/** Prefix of every sealed secret's text; the binary envelope behind it carries its own version byte. */
export const sealedSecretPrefix = 'dysec:';

const version = 1;
const keyIdBytes = 4;
const nonceBytes = 12; // 96 bits: GCM's native nonce size (NIST SP 800-38D §8.2.2), drawn at random per seal.
const tagBytes = 16;
const headerBytes = 1 + keyIdBytes;

function associatedData(header: Uint8Array, binding: SecretBinding): Buffer {
  // Length-prefixed parts: no choice of ids can make two different bindings encode alike.
  const parts = ['dyocense secret v1', binding.tenantId, binding.objectId, binding.field].map((part) =>
    Buffer.from(part, 'utf8'),
  );
  const lengths = parts.map((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.byteLength);
    return length;
  });
  return Buffer.concat([header, ...parts.flatMap((part, index) => [lengths[index] as Buffer, part])]);
}

function assertBinding(binding: SecretBinding): void {
  for (const [name, value] of Object.entries(binding)) {
    if (typeof value !== 'string' || value === '') {
      throw secretError('malformed', `A secret binding needs a non-empty ${name}`);
    }
  }
}

/**
 * Seals `plaintext` with AES-256-GCM under the keyring's current key: a random 96-bit nonce per call, the
 * version and key id in a header, and `binding` authenticated as associated data. The result is text
 * (`dysec:` + base64url) that fits a JSON column.
 *
 * @example
 * const sealed = encryptSecret(keyring, apiKey, { tenantId, objectId: dataSourceId, field: 'apiKey' });
 */
export function encryptSecret(keyring: SecretKeyring, plaintext: string, binding: SecretBinding): string {
  assertBinding(binding);
  const header = Buffer.concat([Buffer.from([version]), Buffer.from(keyring.current.id, 'hex')]);
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, nonce, { authTagLength: tagBytes });
  cipher.setAAD(associatedData(header, binding));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const envelope = Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
  return `${sealedSecretPrefix}${envelope.toString('base64url')}`;
}

interface Envelope {
  readonly header: Buffer;
  readonly keyId: string;
  readonly nonce: Buffer;
  readonly body: Buffer;
  readonly tag: Buffer;
}

function parseEnvelope(sealed: string): Envelope {
  const text =
    typeof sealed === 'string' && sealed.startsWith(sealedSecretPrefix)
      ? sealed.slice(sealedSecretPrefix.length)
      : '';
  const bytes = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
  if (bytes.byteLength < headerBytes + nonceBytes + tagBytes) {
    throw secretError('malformed', 'Not a sealed secret');
  }
  if (bytes[0] !== version) {
    throw secretError(
      'malformed',
      `Sealed secret version ${bytes[0]} is not supported (expected ${version})`,
    );
  }
  return {
    header: bytes.subarray(0, headerBytes),
    keyId: bytes.subarray(1, headerBytes).toString('hex'),
    nonce: bytes.subarray(headerBytes, headerBytes + nonceBytes),
    body: bytes.subarray(headerBytes + nonceBytes, bytes.byteLength - tagBytes),
    tag: bytes.subarray(bytes.byteLength - tagBytes),
  };
}

/** The id of the key `sealed` was sealed with. @throws DyocenseError `invalid_input` (`malformed`). */
export function secretKeyIdOf(sealed: string): string {
  return parseEnvelope(sealed).keyId;
}

/**
 * Opens a secret sealed by {@link encryptSecret} with whichever key of `keyring` sealed it, checking that it was
 * sealed for `binding`.
 *
 * @throws DyocenseError `invalid_input` with `details.reason` `malformed`, `unknown_key` (the keyring lacks the
 *   sealing key) or `tampered` (altered bytes, or a different tenant, object or field); messages never quote the
 *   secret.
 */
export function decryptSecret(keyring: SecretKeyring, sealed: string, binding: SecretBinding): string {
  assertBinding(binding);
  const envelope = parseEnvelope(sealed);
  const key = keyring.keys.get(envelope.keyId);
  if (key === undefined) {
    throw secretError(
      'unknown_key',
      `The secret was sealed with key ${envelope.keyId}, which is not configured (DYOCENSE_SECRET_KEYS)`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, envelope.nonce, { authTagLength: tagBytes });
  decipher.setAAD(associatedData(envelope.header, binding));
  decipher.setAuthTag(envelope.tag);
  try {
    return Buffer.concat([decipher.update(envelope.body), decipher.final()]).toString('utf8');
  } catch (error) {
    throw secretError(
      'tampered',
      'The secret does not authenticate: altered, or sealed for another tenant, object or field',
      error,
    );
  }
}

/**
 * Re-seals `sealed` under the keyring's current key (a fresh nonce), or returns it unchanged when the current key
 * sealed it already. Key rotation runs this over every stored secret.
 *
 * @throws DyocenseError as {@link decryptSecret}.
 */
export function reencryptSecret(
  keyring: SecretKeyring,
  sealed: string,
  binding: SecretBinding,
): { readonly sealed: string; readonly changed: boolean } {
  const plaintext = decryptSecret(keyring, sealed, binding);
  if (secretKeyIdOf(sealed) === keyring.current.id) return { sealed, changed: false };
  return { sealed: encryptSecret(keyring, plaintext, binding), changed: true };
}
