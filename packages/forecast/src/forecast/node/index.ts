export { forecastBatchParallel, type ParallelOptions } from './forecast-batch-parallel.js';
