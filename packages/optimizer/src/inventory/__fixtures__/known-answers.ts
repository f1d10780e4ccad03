import { readFileSync } from 'node:fs';

/** One published worked example from known-answers.json (see README.md). */
export interface KnownAnswer {
  readonly name: string;
  readonly inputs: Record<string, number | number[]>;
  readonly expected: Record<string, number>;
  readonly tolerance: { readonly abs?: number; readonly rel?: number };
  readonly source: string;
}

const cases = (
  JSON.parse(readFileSync(new URL('./known-answers.json', import.meta.url), 'utf8')) as { cases: KnownAnswer[] }
).cases;

/** The case called `name`; throws when it is missing so a renamed case cannot silently skip a test. */
export function knownAnswer(name: string): KnownAnswer {
  const found = cases.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no known answer "${name}"`);
  return found;
}

/** Input number `key` of a case. */
export function input(answer: KnownAnswer, key: string): number {
  const value = answer.inputs[key];
  if (typeof value !== 'number') throw new Error(`${answer.name}: no numeric input ${key}`);
  return value;
}

/** Asserts-ready tolerance: absolute, or relative to the expected value. */
export function within(answer: KnownAnswer, key: string, actual: number): boolean {
  const expected = answer.expected[key];
  if (expected === undefined) throw new Error(`${answer.name}: no expected ${key}`);
  const allowed = answer.tolerance.abs ?? (answer.tolerance.rel ?? 0) * Math.abs(expected);
  return Math.abs(actual - expected) <= allowed;
}
