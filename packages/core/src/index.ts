export * from './errors/index.js';
export * from './kpi/index.js';
export * from './model/index.js';
export * from './stats/index.js';
export * from './time/index.js';
