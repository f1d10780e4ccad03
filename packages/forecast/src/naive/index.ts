export { fitDrift } from './fit-drift.js';
export { fitMean } from './fit-mean.js';
export { fitNaive } from './fit-naive.js';
export { fitNaive2, type Naive2Model } from './fit-naive2.js';
export { fitSeasonalNaive } from './fit-seasonal-naive.js';
