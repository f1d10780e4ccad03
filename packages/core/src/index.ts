export * from './errors/index.js';
export * from './model/index.js';
