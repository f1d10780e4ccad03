import { defineConfig } from 'tsup';

export default defineConfig({
  // The job worker is its own entry: worker threads start it by file (dist/job-worker.js).
  entry: { index: 'src/index.ts', 'job-worker': 'src/jobs/job-worker.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { compilerOptions: { composite: false, customConditions: [] } },
  sourcemap: true,
  clean: true,
});
