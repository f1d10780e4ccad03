// Development entry of the forecast worker: runs the TypeScript worker through tsx's loader, for tests and
// benchmarks that run from sources. Built packages start dist/forecast-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./forecast-worker.ts');
