import { describe, expect, it } from 'vitest';
import { directOffsetOf, memoizedOffsetOf } from './zone-offset.js';

describe('memoizedOffsetOf', () => {
  it('gives the same offsets as Intl around a transition in the middle of a UTC hour', () => {
    // America/St_Johns springs forward at 02:00 NST, 05:30 UTC, on 2024-03-10.
    const direct = directOffsetOf('America/St_Johns');
    const memoized = memoizedOffsetOf('America/St_Johns');
    const start = Date.UTC(2024, 2, 10, 4);
    for (let instant = start; instant < start + 3 * 3_600_000; instant += 5 * 60_000) {
      expect([memoized(instant), memoized(instant)]).toEqual([direct(instant), direct(instant)]);
    }
  });
});
