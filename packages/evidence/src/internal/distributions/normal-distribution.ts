// One standard normal distribution for every engine: core's (R's pnorm and qnorm algorithms).
export { normalCdf, normalQuantile, normalSurvival } from '@dyocense/core';
