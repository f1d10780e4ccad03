import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numpyArgsort } from './numpy-argsort.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../__fixtures__/numpy_argsort.json', import.meta.url), 'utf8'),
) as { cases: { values: number[]; argsort: number[] }[] };

describe('numpyArgsort', () => {
  it.each(fixture.cases.map((entry) => [entry.values.length, entry] as const))(
    'returns numpy 1.24 np.argsort’s permutation, ties included (%i values)',
    (_, entry) => {
      expect(Array.from(numpyArgsort(Float64Array.from(entry.values)))).toEqual(entry.argsort);
    },
  );

  it('differs from a stable sort on ties, so the tie order really is numpy’s', () => {
    const entry = fixture.cases.find(
      (candidate) => candidate.values.length === 1000,
    ) as (typeof fixture.cases)[0];
    const stable = entry.values
      .map((_, i) => i)
      .sort((a, b) => (entry.values[a] as number) - (entry.values[b] as number));
    expect(stable).not.toEqual(entry.argsort);
  });
});
