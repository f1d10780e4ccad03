import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreVersion } from './core-version.js';

describe('coreVersion', () => {
  it('equals the version in packages/core/package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(coreVersion).toBe(manifest.version);
  });
});
