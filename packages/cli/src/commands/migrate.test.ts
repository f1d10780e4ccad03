import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationNames } from '@dyocense/core/db';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../cli-harness.test-support.js';

describe('dyocense migrate (PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dyocense-migrate-'));
  const run = cliRunner(directory);
  const previous = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  afterAll(() => {
    if (previous !== undefined) process.env.DATABASE_URL = previous;
    rmSync(directory, { recursive: true, force: true });
  });

  // Each run opens PGlite on disk: ~10 s on a quiet 2-core machine, several times that under load.
  it('applies every migration to ./.dyocense/pglite, then nothing when --data-dir names it again', {
    timeout: 180_000,
  }, async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ applied: [...migrationNames], appRole: 'dyocense_app' });
    expect(migrationNames).toContain('0001_initial');
    const second = await run('migrate', '--data-dir', join(directory, '.dyocense', 'pglite'));
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [], appRole: 'dyocense_app' });
  });

  it.each([
    ['a URL and --data-dir', ['--database-url', 'postgres://x@127.0.0.1/db', '--data-dir', 'd'], /not both/],
    ['a URL that is not PostgreSQL', ['--database-url', 'mysql://x@127.0.0.1/db'], /postgres:\/\//],
    ['an unknown flag', ['--force'], /Unknown option '--force'/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const { code, stderr, stdout } = await run('migrate', ...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error\[invalid_input\]: dyocense migrate: /);
    expect(stderr).toMatch(message);
  });
});
