import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { createSecretKeyring, parseSecretKey, secretKeyringFromEnvironment } from './secret-keyring.js';

const bytes = new Uint8Array(randomBytes(32));
const hex = Buffer.from(bytes).toString('hex');
const base64 = Buffer.from(bytes).toString('base64');
const base64url = Buffer.from(bytes).toString('base64url');

function reasonOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return { code: error.code, reason: error.details.reason };
    throw error;
  }
  throw new Error('expected a DyocenseError');
}

describe('parseSecretKey', () => {
  it.each([
    ['64 hex digits', hex],
    ['base64 with padding', base64],
    ['base64url without padding', base64url],
    ['base64 surrounded by whitespace', ` ${base64}\n`],
  ])('decodes a 32-byte key given as %s', (_name, text) => {
    expect(Buffer.from(parseSecretKey(text)).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['31 bytes of hex', hex.slice(0, 62)],
    ['33 bytes of base64', Buffer.from(randomBytes(33)).toString('base64')],
    ['a passphrase', 'correct horse battery staple correct horse!!'],
  ])('refuses %s as invalid_key without quoting it', (_name, text) => {
    expect(reasonOf(() => parseSecretKey(text))).toEqual({ code: 'invalid_input', reason: 'invalid_key' });
    try {
      parseSecretKey(text);
    } catch (error) {
      if (text !== '') expect((error as Error).message).not.toContain(text);
    }
  });
});

describe('createSecretKeyring', () => {
  it('seals with the first key and derives the same 8-hex id from the same key in any encoding', () => {
    const other = Buffer.from(randomBytes(32)).toString('hex');
    const ring = createSecretKeyring([hex, other]);
    expect(ring.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(createSecretKeyring([base64]).current.id).toBe(ring.current.id);
    expect(ring.keys.size).toBe(2);
    expect(createSecretKeyring([other, hex]).current.id).not.toBe(ring.current.id);
  });

  it('never serialises key material', () => {
    const ring = createSecretKeyring([hex]);
    const json = JSON.stringify({ ring: ring.current, keys: [...ring.keys.values()] });
    expect(json).not.toContain(hex);
    expect(json).not.toContain(base64);
  });

  it('refuses an empty list, a repeated key and a 16-byte key', () => {
    expect(reasonOf(() => createSecretKeyring([]))).toEqual({ code: 'invalid_input', reason: 'no_key' });
    expect(reasonOf(() => createSecretKeyring([hex, base64]))).toEqual({
      code: 'invalid_input',
      reason: 'duplicate_key',
    });
    expect(reasonOf(() => createSecretKeyring([new Uint8Array(16)]))).toEqual({
      code: 'invalid_input',
      reason: 'invalid_key',
    });
  });
});

describe('secretKeyringFromEnvironment', () => {
  const older = Buffer.from(randomBytes(32)).toString('base64');

  it('reads DYOCENSE_SECRET_KEYS newest first, ahead of DYOCENSE_SECRET_KEY', () => {
    const ring = secretKeyringFromEnvironment({
      DYOCENSE_SECRET_KEYS: ` ${hex} , ${older},`,
      DYOCENSE_SECRET_KEY: older,
    });
    expect(ring?.current.id).toBe(createSecretKeyring([hex]).current.id);
    expect([...(ring?.keys.keys() ?? [])]).toEqual([
      createSecretKeyring([hex]).current.id,
      createSecretKeyring([older]).current.id,
    ]);
  });

  it('falls back to DYOCENSE_SECRET_KEY and answers undefined when neither is set', () => {
    expect(secretKeyringFromEnvironment({ DYOCENSE_SECRET_KEY: older })?.keys.size).toBe(1);
    expect(
      secretKeyringFromEnvironment({ DYOCENSE_SECRET_KEYS: ' ', DYOCENSE_SECRET_KEY: '' }),
    ).toBeUndefined();
  });
});
