/**
 * The version of `@dyocense/core` this code belongs to; plugin `engines.core` ranges are checked against it.
 * Kept equal to `packages/core/package.json` by a unit test.
 */
export const coreVersion = '0.1.0';
