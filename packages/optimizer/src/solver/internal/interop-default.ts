/**
 * Returns a package's default export whether the runtime hands us the ESM default (`highs.mjs`) or a CommonJS
 * namespace wrapping it. Needed because `highs` and `javascript-lp-solver` ship CommonJS-typed declarations
 * that TypeScript under NodeNext reads as `{ default: ... }`.
 */
export function interopDefault<Value>(imported: unknown, isValue: (candidate: unknown) => boolean): Value {
  if (isValue(imported)) return imported as Value;
  const inner = (imported as { default?: unknown } | null)?.default;
  if (isValue(inner)) return inner as Value;
  throw new Error('Unexpected module shape: no usable default export');
}
