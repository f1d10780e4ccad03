import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { secretError } from './secret-error.js';

/** Bytes of an AES-256 key. */
export const secretKeyBytes = 32;

/** One key of a {@link SecretKeyring}. */
export interface SecretKey {
  /**
   * 8 hex characters derived from the key itself (HMAC-SHA-256 of a fixed label, truncated), so the same key has
   * the same id wherever it is configured, and the id says nothing usable about the key.
   */
  readonly id: string;
  /** The key as a `KeyObject`: it serialises to `{}`, so a stray log line cannot print it. */
  readonly key: KeyObject;
}

/** Keys for sealing secrets: the newest seals, every key opens what it sealed. */
export interface SecretKeyring {
  /** The key new secrets are sealed with (the first one given). */
  readonly current: SecretKey;
  /** Every key by id, `current` included. */
  readonly keys: ReadonlyMap<string, SecretKey>;
}

const hexKey = /^[0-9a-fA-F]{64}$/;
const base64Key = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Decodes one key written as 64 hex digits or as base64 / base64url of 32 bytes (e.g. `openssl rand -base64 32`).
 *
 * @throws DyocenseError `invalid_input` (`details.reason: 'invalid_key'`) for anything else; the message never
 *   quotes the text.
 */
export function parseSecretKey(text: string): Uint8Array {
  const trimmed = text.trim();
  if (hexKey.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
  if (base64Key.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.byteLength === secretKeyBytes) return new Uint8Array(bytes);
  }
  throw secretError(
    'invalid_key',
    `A secret key must be ${secretKeyBytes} bytes written as 64 hex digits or 44 base64 characters (openssl rand -base64 32)`,
  );
}

function toSecretKey(material: string | Uint8Array): SecretKey {
  const bytes = typeof material === 'string' ? parseSecretKey(material) : material;
  if (bytes.byteLength !== secretKeyBytes) {
    throw secretError('invalid_key', `A secret key must be ${secretKeyBytes} bytes, got ${bytes.byteLength}`);
  }
  const id = createHmac('sha256', bytes).update('dyocense secret key id v1').digest('hex').slice(0, 8);
  return { id, key: createSecretKey(bytes) };
}

/**
 * Builds a keyring from keys given newest first: the first seals new secrets, all of them open old ones.
 * Strings are parsed with {@link parseSecretKey}.
 *
 * @throws DyocenseError `invalid_input` (`details.reason`: `no_key`, `invalid_key` or `duplicate_key`).
 * @example
 * const keyring = createSecretKeyring([process.env.NEW_KEY, process.env.OLD_KEY]);
 */
export function createSecretKeyring(keys: readonly (string | Uint8Array)[]): SecretKeyring {
  if (keys.length === 0) throw secretError('no_key', 'A secret keyring needs at least one key');
  const byId = new Map<string, SecretKey>();
  for (const material of keys) {
    const key = toSecretKey(material);
    if (byId.has(key.id)) throw secretError('duplicate_key', `The secret key ${key.id} is listed twice`);
    byId.set(key.id, key);
  }
  const current = byId.values().next().value as SecretKey;
  return { current, keys: byId };
}

/**
 * The keyring configured in the environment: `DYOCENSE_SECRET_KEYS` (comma-separated, newest first: the first
 * seals, the rest only open) or else `DYOCENSE_SECRET_KEY` (one key); each key is 32 bytes as 64 hex digits or
 * base64. `undefined` when neither is set.
 *
 * @throws DyocenseError `invalid_input` for a malformed or repeated key.
 */
export function secretKeyringFromEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): SecretKeyring | undefined {
  const list = environment.DYOCENSE_SECRET_KEYS?.trim();
  if (list) {
    return createSecretKeyring(
      list
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== ''),
    );
  }
  const single = environment.DYOCENSE_SECRET_KEY?.trim();
  return single ? createSecretKeyring([single]) : undefined;
}
