import { DyocenseError } from '@dyocense/core';

/**
 * Checks that `values` is an array of finite numbers with at least `minimumLength` entries and returns a copy.
 *
 * @param method - names the method in messages, e.g. `'seasonal naive'`.
 * @throws DyocenseError `invalid_input` for a non-array or a non-finite value, `insufficient_data` when too short.
 */
export function validateHistory(values: readonly number[], method: string, minimumLength: number): number[] {
  if (!Array.isArray(values)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The ${method} history must be an array of numbers.`,
    });
  }
  const copy: number[] = new Array<number>(values.length);
  for (let index = 0; index < values.length; index += 1) {
    const value: unknown = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `The ${method} history has a missing or non-finite value at position ${index}; fill or remove gaps first.`,
        issues: [{ path: [index], message: 'Expected a finite number', code: 'not_finite' }],
      });
    }
    copy[index] = value;
  }
  if (copy.length < minimumLength) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `The ${method} method needs at least ${minimumLength} observations; got ${copy.length}.`,
      details: { required: minimumLength, received: copy.length },
    });
  }
  return copy;
}

/**
 * Checks a seasonal period: a positive integer.
 *
 * @throws DyocenseError `invalid_input` otherwise.
 */
export function validatePeriod(period: number, method: string): number {
  if (!Number.isInteger(period) || period < 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The ${method} seasonal period must be a positive integer; got ${String(period)}.`,
      issues: [{ path: ['period'], message: 'Expected a positive integer', code: 'invalid_period' }],
    });
  }
  return period;
}

/**
 * Checks a forecast request: a positive integer horizon and levels strictly between 0 and 100.
 *
 * @throws DyocenseError `invalid_input` otherwise.
 */
export function validateForecastRequest(horizon: number, levels: readonly number[]): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `The forecast horizon must be a positive integer; got ${String(horizon)}.`,
      issues: [{ path: ['horizon'], message: 'Expected a positive integer', code: 'invalid_horizon' }],
    });
  }
  if (!Array.isArray(levels)) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: 'Interval levels must be an array of percentages.',
    });
  }
  levels.forEach((level, index) => {
    if (typeof level !== 'number' || !(level > 0 && level < 100)) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Interval levels are percentages strictly between 0 and 100; got ${String(level)}.`,
        issues: [
          { path: ['levels', index], message: 'Expected a number in (0, 100)', code: 'invalid_level' },
        ],
      });
    }
  });
}
