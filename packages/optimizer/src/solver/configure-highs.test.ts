import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureHighs } from './configure-highs.js';
import { solve } from './solve.js';

// Vitest gives each test file its own module instances, so HiGHS is not loaded yet here.
describe('configureHighs', () => {
  it('rejects options without a locateFile function', () => {
    expect(() => configureHighs({ locateFile: 'highs.wasm' as unknown as (file: string) => string })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('loads HiGHS through the given locateFile, then refuses to change it', async () => {
    const directory = dirname(createRequire(import.meta.url).resolve('highs/runtime'));
    const requested: string[] = [];
    configureHighs({
      locateFile: (file) => {
        requested.push(file);
        return join(directory, file);
      },
    });
    const result = await solve({
      sense: 'maximize',
      variables: [{ name: 'x', upper: 2, cost: 3 }],
      constraints: [],
    });
    expect(result.objective).toBe(6);
    expect(requested).toEqual(['highs.wasm']);
    expect(() => configureHighs({ locateFile: (file) => file })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});
