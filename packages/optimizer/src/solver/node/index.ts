// Node-only entry of @dyocense/optimizer: solver runs in worker threads.
export { scheduleShiftsInWorker, solveInWorker } from './solve-in-worker.js';
