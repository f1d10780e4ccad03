export { normalCdf, normalPdf, normalQuantile, normalSurvival } from './normal-distribution.js';
