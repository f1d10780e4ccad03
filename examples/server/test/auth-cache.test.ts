import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, createVerifier, signToken, verifiedTokenMaxAgeMs } from '../src/auth.js';

const secret = `${'a'.repeat(32)}-auth-cache-test-secret`;
const tenantId = '11111111-2222-4333-8444-555555555555';

afterEach(() => {
  vi.useRealTimers();
});

describe('verified-token cache', () => {
  it('returns the same principal on a cache hit', async () => {
    const verify = createVerifier({ secret });
    const token = await signToken({ secret, tenantId, role: 'analyst', subject: 'alice' });
    const first = await verify(`Bearer ${token}`);
    const second = await verify(`Bearer ${token}`);
    expect(first).toEqual({ subject: 'alice', tenantId, role: 'analyst' });
    expect(second).toBe(first);
  });

  it('refuses a cached token once its exp has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const verify = createVerifier({ secret });
    const token = await signToken({ secret, tenantId, role: 'viewer', ttl: '2s' });
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId });
    vi.setSystemTime(new Date('2026-01-01T00:00:01.900Z'));
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId });
    vi.setSystemTime(new Date('2026-01-01T00:00:02.000Z'));
    await expect(verify(`Bearer ${token}`)).rejects.toThrow(/Invalid token: "exp"/);
  });

  it('re-verifies a long-lived token after the cache max age', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const verify = createVerifier({ secret });
    const token = await signToken({ secret, tenantId, role: 'viewer', ttl: '1h' });
    const first = await verify(`Bearer ${token}`);
    vi.setSystemTime(new Date(Date.parse('2026-01-01T00:00:00Z') + verifiedTokenMaxAgeMs - 1));
    expect(await verify(`Bearer ${token}`)).toBe(first);
    vi.setSystemTime(new Date(Date.parse('2026-01-01T00:00:00Z') + verifiedTokenMaxAgeMs));
    const third = await verify(`Bearer ${token}`);
    expect(third).toEqual(first);
    expect(third).not.toBe(first); // a fresh verification, not the cached object
  });

  it('still refuses a tampered token after the genuine one was cached', async () => {
    const verify = createVerifier({ secret });
    const token = await signToken({ secret, tenantId, role: 'viewer' });
    await verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = `${header}.${forged}.${signature}`;
    await expect(verify(`Bearer ${tampered}`)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verify(`Bearer ${tampered}`)).rejects.toThrow(/signature verification failed/);
    const otherKey = createVerifier({ secret: `${secret}-other` });
    await expect(otherKey(`Bearer ${token}`)).rejects.toThrow(/signature verification failed/);
  });
});
