export { aggregationSchema, type Aggregation } from './aggregation.js';
export { type Frequency, frequencySchema, type Grain, grainSchema } from './frequency.js';
export { type TimeSeries, type TimeSeriesInput, timeSeriesSchema } from './series.js';
