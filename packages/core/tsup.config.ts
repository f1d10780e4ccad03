import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'ingest/index': 'src/ingest/index.ts',
    'plugin/index': 'src/plugin/index.ts',
    'connectors/index': 'src/connectors/index.ts',
    'testing/index': 'src/testing/index.ts',
    'demo/index': 'src/demo/index.ts',
    'db/index': 'src/db/index.ts',
    'secrets/index': 'src/secrets/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: { compilerOptions: { composite: false, customConditions: [] } },
  sourcemap: true,
  clean: true,
  external: ['vitest'],
});
