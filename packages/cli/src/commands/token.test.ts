import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

const secret = 'cli-test-secret-of-at-least-32-bytes!!';
const tenant = '8c1f2a4e-3b5d-4c6e-9f70-1a2b3c4d5e6f';

const runIn = cliRunner(process.cwd());
const run = (argv: string[]) => runIn(...argv);

describe('dyocense token', () => {
  const previous = process.env.DYOCENSE_JWT_SECRET;
  afterEach(() => {
    if (previous === undefined) delete process.env.DYOCENSE_JWT_SECRET;
    else process.env.DYOCENSE_JWT_SECRET = previous;
  });

  it('prints an HS256 API token with the tenant, role and expiry', async () => {
    process.env.DYOCENSE_JWT_SECRET = secret;
    const { code, stdout } = await run(['token', '--tenant', tenant, '--role', 'analyst', '--ttl', '2h']);
    expect(code).toBe(0);
    const { payload, protectedHeader } = await jwtVerify(stdout.trim(), new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: 'dyocense',
      audience: 'dyocense-api',
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ tenant_id: tenant, role: 'analyst' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(7200);
  });

  it('mints a 15-minute viewer embed token listing the allowed metrics and widgets', async () => {
    process.env.DYOCENSE_JWT_SECRET = secret;
    const { code, stdout } = await run([
      'token',
      '--tenant',
      tenant,
      '--embed',
      '--metrics',
      'revenue, orders',
      '--widgets',
      'forecast-chart,kpi-card',
    ]);
    expect(code).toBe(0);
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: 'dyocense',
      audience: 'dyocense-embed',
    });
    expect(payload).toMatchObject({
      tenant_id: tenant,
      role: 'viewer',
      metrics: ['revenue', 'orders'],
      widgets: ['forecast-chart', 'kpi-card'],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('mints an embed token of up to one hour', async () => {
    process.env.DYOCENSE_JWT_SECRET = secret;
    const { stdout } = await run([
      'token',
      '--tenant',
      tenant,
      '--embed',
      '--metrics',
      'revenue',
      '--ttl',
      '1h',
    ]);
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(secret), {
      audience: 'dyocense-embed',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(payload.widgets).toBeUndefined();
  });

  it.each([
    ['a TTL over one hour', ['--embed', '--metrics', 'revenue', '--ttl', '2h'], /at most 1h, got 2h/],
    ['no metrics', ['--embed'], /--embed needs --metrics/],
    ['an admin role', ['--embed', '--metrics', 'revenue', '--role', 'admin'], /role must be viewer/],
    ['metrics on an API token', ['--metrics', 'revenue'], /embed tokens only/],
    ['a bad widget', ['--embed', '--metrics', 'revenue', '--widgets', 'Kpi Card'], /widget tag/],
  ])('refuses an embed token with %s (exit 2)', async (_name, extra, message) => {
    process.env.DYOCENSE_JWT_SECRET = secret;
    const { code, stderr, stdout } = await run(['token', '--tenant', tenant, ...extra]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error\[invalid_input\]: /);
    expect(stderr).toMatch(message);
  });

  it.each([
    ['a missing secret', [], undefined],
    ['a bad role', ['--role', 'owner'], secret],
    ['a bad tenant id', ['--tenant', 'acme'], secret],
    ['a bad ttl', ['--ttl', 'forever'], secret],
  ])('exits 2 on %s', async (_name, extra, key) => {
    if (key === undefined) delete process.env.DYOCENSE_JWT_SECRET;
    else process.env.DYOCENSE_JWT_SECRET = key;
    const args = ['token', '--tenant', tenant, '--role', 'viewer', ...extra];
    const { code, stderr, stdout } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error\[invalid_input\]: /);
  });
});
