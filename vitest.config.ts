import { defineConfig } from 'vitest/config';

// Tests run against TypeScript sources through the `@dyocense/source` export condition: no build needed.
const sourceConditions = ['@dyocense/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  // Vitest passes ssr.resolve.conditions to Node as --conditions, which also steer require(): an `import` or
  // `module` condition there makes CommonJS packages require ESM builds (pg requiring pg-pool breaks; prom-client
  // requiring @opentelemetry/api gets its extensionless ESM build). Vite adds `import`/`require` per import kind.
  ssr: {
    resolve: {
      conditions: sourceConditions.filter((condition) => condition !== 'import' && condition !== 'module'),
      externalConditions: ['@dyocense/source'],
    },
  },
  test: {
    restoreMocks: true,
    setupFiles: ['./vitest.setup.ts'],
    // Property tests of the numeric engines are CPU-bound: on a shared 2-core machine they legitimately take
    // several times their quiet-machine duration, and a timeout is not what these tests assert.
    testTimeout: 30_000,
    // In CI a JSON report feeds the plain `N passed, N failed` line that .ci/run prints.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          typecheck: {
            enabled: true,
            include: ['packages/*/src/**/*.test-d.ts'],
            tsconfig: './tsconfig.vitest.json',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
