export { type AutoCesModel, type AutoCesOptions, autoCes, type CesCandidate } from './auto-ces.js';
export { type CesModel, type CesOptions, fitCes } from './fit-ces.js';
export type { CesSeasonality } from './internal/ces-structure.js';
