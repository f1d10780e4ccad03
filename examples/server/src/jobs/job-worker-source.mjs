// Development entry of the job worker: runs the TypeScript worker through tsx's loader, for tests that run from
// sources. The built server starts dist/job-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');
