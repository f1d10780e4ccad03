import { describe, expect, it } from 'vitest';
import { localToInstant } from './zoned-time.js';

describe('localToInstant', () => {
  it('reads local midnight in Europe/Paris winter and summer time', () => {
    expect(localToInstant(Date.UTC(2024, 0, 15), 'Europe/Paris')).toBe(Date.UTC(2024, 0, 14, 23));
    expect(localToInstant(Date.UTC(2024, 6, 15), 'Europe/Paris')).toBe(Date.UTC(2024, 6, 14, 22));
  });

  it('moves a wall time inside the spring-forward gap forward by the change', () => {
    // 2024-03-31 02:30 does not exist in Berlin; read with the winter offset it is 01:30Z (03:30 CEST).
    expect(localToInstant(Date.UTC(2024, 2, 31, 2, 30), 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 30));
  });

  it('takes the earlier instant for a wall time repeated in autumn', () => {
    expect(localToInstant(Date.UTC(2024, 9, 27, 2, 30), 'Europe/Berlin')).toBe(Date.UTC(2024, 9, 27, 0, 30));
  });

  it('leaves UTC unchanged', () => {
    expect(localToInstant(Date.UTC(2024, 0, 1, 5), 'UTC')).toBe(Date.UTC(2024, 0, 1, 5));
  });
});
