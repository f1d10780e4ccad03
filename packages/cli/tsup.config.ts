import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' }, compilerOptions: { composite: false, customConditions: [] } },
  sourcemap: true,
  clean: true,
});
