import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DyocenseError } from './dyocense-error.js';
import { parseInput } from './parse-input.js';

describe('DyocenseError', () => {
  it('is recognised by its Symbol.for marker even when created by another copy of the class', () => {
    const foreign = { [Symbol.for('dyocense.error.DyocenseError')]: true, code: 'internal' };
    expect(DyocenseError.isInstance(foreign)).toBe(true);
    expect(DyocenseError.isInstance(new Error('plain'))).toBe(false);
    expect(DyocenseError.isInstance(null)).toBe(false);
  });

  it('serialises to code, message, issues and details without the stack', () => {
    const error = new DyocenseError({ code: 'not_found', message: 'No goal g1', details: { id: 'g1' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'not_found',
      message: 'No goal g1',
      issues: [],
      details: { id: 'g1' },
    });
  });
});

describe('parseInput', () => {
  const schema = z.object({ horizon: z.number().int().positive(), name: z.string() });

  it('returns the parsed value for valid input', () => {
    expect(parseInput(schema, { horizon: 3, name: 'x' }, 'options')).toEqual({ horizon: 3, name: 'x' });
  });

  it('throws invalid_input naming the first path and counting the rest', () => {
    let caught: unknown;
    try {
      parseInput(schema, { horizon: -1 }, 'forecast options');
    } catch (error) {
      caught = error;
    }
    expect(DyocenseError.isInstance(caught)).toBe(true);
    const error = caught as DyocenseError;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Invalid forecast options: horizon: Too small: expected number to be >0 (and 1 more issue)',
    );
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['horizon', 'name']);
  });
});
