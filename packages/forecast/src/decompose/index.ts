export { autocorrelation } from './autocorrelation.js';
export {
  type ClassicalDecomposition,
  type DecompositionType,
  decomposeClassical,
} from './decompose-classical.js';
export { type SeasonalityTestResult, type SeasonalityTestRule, testSeasonality } from './test-seasonality.js';
export { type SeasonalAdjustment, toSeasonallyAdjusted } from './to-seasonally-adjusted.js';
