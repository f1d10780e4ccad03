// Development entry of the solver worker: runs the TypeScript worker through tsx's loader, for tests and
// benchmarks that run from sources. Built packages start dist/solve-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker.ts');
