export { DyocenseError, type DyocenseErrorOptions, type ErrorIssue } from './dyocense-error.js';
export { type ErrorCode, errorCodes } from './error-code.js';
export { parseInput, toErrorIssues } from './parse-input.js';
