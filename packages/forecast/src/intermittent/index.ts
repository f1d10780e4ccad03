export { type CrostonOptions, fitCroston } from './fit-croston.js';
export { fitTsb, type TsbOptions } from './fit-tsb.js';
export type { IntermittentModel } from './intermittent-model.js';
export type { IntermittentCost } from './internal/intermittent-cost.js';
