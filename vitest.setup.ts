import fc from 'fast-check';

// Property tests explore new inputs on every local run; in CI they replay one fixed seed so a landing is
// reproducible (set FC_SEED to replay a local failure's seed anywhere).
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261202' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
