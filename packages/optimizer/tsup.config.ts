import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/solver/node/index.ts',
    'solve-worker': 'src/solver/node/solve-worker.ts',
  },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: { compilerOptions: { composite: false, customConditions: [] } },
  sourcemap: true,
  clean: true,
  external: ['@dyocense/core', 'zod', 'highs', 'javascript-lp-solver'],
});
