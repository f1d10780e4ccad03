import { normalQuantile } from '@dyocense/core';
import { describe, expect, it } from 'vitest';
import { studentTQuantile } from './student-t-quantile.js';

describe('studentTQuantile', () => {
  it('matches the closed form of the Cauchy distribution for one degree of freedom', () => {
    for (const probability of [0.6, 0.9, 0.975, 0.995]) {
      const exact = Math.tan(Math.PI * (probability - 0.5));
      expect(studentTQuantile(probability, 1)).toBeCloseTo(exact, 9);
    }
  });

  it('matches the closed form for two degrees of freedom', () => {
    for (const probability of [0.01, 0.2, 0.8, 0.975]) {
      const exact = (2 * probability - 1) / Math.sqrt(2 * probability * (1 - probability));
      expect(studentTQuantile(probability, 2)).toBeCloseTo(exact, 11);
    }
  });

  it("matches R's qt for ten degrees of freedom", () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986, 10);
  });

  it('approaches the normal quantile for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(normalQuantile(0.975), 5);
  });

  it('gives NaN for probabilities outside (0, 1) or non-positive degrees', () => {
    expect(studentTQuantile(0, 5)).toBeNaN();
    expect(studentTQuantile(1, 5)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
  });
});
