import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import {
  decryptSecret,
  encryptSecret,
  reencryptSecret,
  type SecretBinding,
  sealedSecretPrefix,
  secretKeyIdOf,
} from './encrypt-secret.js';
import { createSecretKeyring } from './secret-keyring.js';

const oldKey = new Uint8Array(randomBytes(32));
const newKey = new Uint8Array(randomBytes(32));
const oldRing = createSecretKeyring([oldKey]);
const rotatedRing = createSecretKeyring([newKey, oldKey]);
const newOnlyRing = createSecretKeyring([newKey]);

const binding: SecretBinding = {
  tenantId: '2f0b6a36-6f0c-4b55-9d6c-0a1e6f1f7a10',
  objectId: '7d8e9f00-1111-4222-8333-944455556666',
  field: 'apiKey',
};

function failureOf(action: () => unknown): { code: string; reason: unknown; message: string } {
  try {
    action();
  } catch (error) {
    if (DyocenseError.isInstance(error))
      return { code: error.code, reason: error.details.reason, message: error.message };
    throw error;
  }
  throw new Error('expected a DyocenseError');
}

function flipByte(sealed: string, index: number): string {
  const bytes = Buffer.from(sealed.slice(sealedSecretPrefix.length), 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return `${sealedSecretPrefix}${bytes.toString('base64url')}`;
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips any text, including the empty string and non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (plaintext) => {
        expect(decryptSecret(oldRing, encryptSecret(oldRing, plaintext, binding), binding)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it('lays out version 1, the current key id, a 12-byte nonce and a 16-byte tag around the ciphertext', () => {
    const sealed = encryptSecret(oldRing, 'sk_live_0123456789', binding);
    expect(sealed.startsWith(sealedSecretPrefix)).toBe(true);
    const bytes = Buffer.from(sealed.slice(sealedSecretPrefix.length), 'base64url');
    expect(bytes[0]).toBe(1);
    expect(bytes.subarray(1, 5).toString('hex')).toBe(oldRing.current.id);
    expect(bytes.byteLength).toBe(1 + 4 + 12 + 'sk_live_0123456789'.length + 16);
    expect(sealed).not.toContain('sk_live');
  });

  it('draws a fresh nonce for every seal of the same text', () => {
    const nonces = new Set<string>();
    for (let index = 0; index < 1_000; index += 1) {
      const bytes = Buffer.from(encryptSecret(oldRing, 'same', binding).slice(6), 'base64url');
      nonces.add(bytes.subarray(5, 17).toString('hex'));
    }
    expect(nonces.size).toBe(1_000);
  });

  it.each([
    ['another tenant', { ...binding, tenantId: '00000000-0000-4000-8000-000000000000' }],
    ['another data source', { ...binding, objectId: '00000000-0000-4000-8000-000000000001' }],
    ['another field', { ...binding, field: 'clientSecret' }],
  ])('refuses a ciphertext moved to %s as tampered', (_name, elsewhere) => {
    const sealed = encryptSecret(oldRing, 'refresh-token-value', binding);
    const failure = failureOf(() => decryptSecret(oldRing, sealed, elsewhere));
    expect(failure).toMatchObject({ code: 'invalid_input', reason: 'tampered' });
    expect(failure.message).not.toContain('refresh-token-value');
  });

  it('refuses every single flipped bit of the nonce, ciphertext and tag', () => {
    const sealed = encryptSecret(oldRing, 'token', binding);
    const length = Buffer.from(sealed.slice(sealedSecretPrefix.length), 'base64url').byteLength;
    for (let index = 5; index < length; index += 1) {
      expect(failureOf(() => decryptSecret(oldRing, flipByte(sealed, index), binding)).reason).toBe(
        'tampered',
      );
    }
  });

  it('refuses a changed version byte as malformed and a changed key id as an unknown key', () => {
    const sealed = encryptSecret(oldRing, 'token', binding);
    expect(failureOf(() => decryptSecret(oldRing, flipByte(sealed, 0), binding)).reason).toBe('malformed');
    expect(failureOf(() => decryptSecret(oldRing, flipByte(sealed, 2), binding)).reason).toBe('unknown_key');
  });

  it.each([
    ['plain text', 'not sealed at all'],
    ['a bare prefix', sealedSecretPrefix],
    ['a truncated envelope', 'dysec:AQAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['base64 with padding characters', 'dysec:AQ=='],
  ])('refuses %s as malformed', (_name, sealed) => {
    expect(failureOf(() => decryptSecret(oldRing, sealed, binding))).toMatchObject({
      code: 'invalid_input',
      reason: 'malformed',
    });
  });

  it('refuses an empty binding part', () => {
    expect(failureOf(() => encryptSecret(oldRing, 'x', { ...binding, field: '' })).reason).toBe('malformed');
  });
});

describe('key rotation', () => {
  it('seals with the newest key, opens with older ones, and re-seals old secrets under the newest', () => {
    const sealedOld = encryptSecret(oldRing, 'oauth-refresh', binding);
    expect(secretKeyIdOf(sealedOld)).toBe(oldRing.current.id);
    // The rotated keyring still opens the old secret ...
    expect(decryptSecret(rotatedRing, sealedOld, binding)).toBe('oauth-refresh');
    // ... and a keyring without the old key cannot.
    expect(failureOf(() => decryptSecret(newOnlyRing, sealedOld, binding)).reason).toBe('unknown_key');

    const rotated = reencryptSecret(rotatedRing, sealedOld, binding);
    expect(rotated.changed).toBe(true);
    expect(secretKeyIdOf(rotated.sealed)).toBe(newOnlyRing.current.id);
    expect(decryptSecret(newOnlyRing, rotated.sealed, binding)).toBe('oauth-refresh');

    const again = reencryptSecret(rotatedRing, rotated.sealed, binding);
    expect(again).toEqual({ sealed: rotated.sealed, changed: false });
  });

  it('does not re-seal a secret whose binding does not match', () => {
    const sealedOld = encryptSecret(oldRing, 'oauth-refresh', binding);
    expect(
      failureOf(() => reencryptSecret(rotatedRing, sealedOld, { ...binding, field: 'other' })).reason,
    ).toBe('tampered');
  });
});
