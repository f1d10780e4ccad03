import { describe, expect, it } from 'vitest';
import { compatibleInstantAt } from './resolve-wall.js';
import { directOffsetOf } from './zone-offset.js';

const paris = directOffsetOf('Europe/Paris');
const berlin = directOffsetOf('Europe/Berlin');

describe('compatibleInstantAt', () => {
  it('reads local midnight in Europe/Paris winter and summer time', () => {
    expect(compatibleInstantAt(Date.UTC(2024, 0, 15), paris)).toBe(Date.UTC(2024, 0, 14, 23));
    expect(compatibleInstantAt(Date.UTC(2024, 6, 15), paris)).toBe(Date.UTC(2024, 6, 14, 22));
  });

  it('moves a wall time inside the spring-forward gap forward by the change', () => {
    // 2024-03-31 02:30 does not exist in Berlin; read with the winter offset it is 01:30Z (03:30 CEST).
    expect(compatibleInstantAt(Date.UTC(2024, 2, 31, 2, 30), berlin)).toBe(Date.UTC(2024, 2, 31, 1, 30));
  });

  it('takes the earlier instant for a wall time repeated in autumn', () => {
    expect(compatibleInstantAt(Date.UTC(2024, 9, 27, 2, 30), berlin)).toBe(Date.UTC(2024, 9, 27, 0, 30));
  });

  it('leaves UTC unchanged', () => {
    expect(compatibleInstantAt(Date.UTC(2024, 0, 1, 5), directOffsetOf('UTC'))).toBe(Date.UTC(2024, 0, 1, 5));
  });
});
