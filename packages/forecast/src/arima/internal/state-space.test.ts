import { describe, expect, it } from 'vitest';
import { expandArma, invertMovingAverage, invertTransform, undoTransform } from './arima-parameters.js';
import { gardnerCovariance, stationaryCovariance } from './state-space.js';

describe('stationaryCovariance', () => {
  it('agrees with Gardner et al.’s solver for a seasonal ARMA', () => {
    const orders = { p: 2, q: 1, seasonalP: 1, seasonalQ: 1, period: 4, d: 0, seasonalD: 0 };
    const { phi, theta } = expandArma(Float64Array.from([0.5, -0.3, 0.4, 0.6, -0.5]), orders, false);
    const doubling = stationaryCovariance(phi, theta);
    const gardner = gardnerCovariance(phi, theta);
    doubling.forEach((value, index) => {
      expect(Math.abs(value - (gardner[index] ?? Number.NaN))).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(value)),
      );
    });
  });

  it('agrees with Gardner et al.’s solver for a monthly seasonal ARMA near the unit circle', () => {
    const orders = { p: 1, q: 2, seasonalP: 1, seasonalQ: 2, period: 12, d: 0, seasonalD: 0 };
    const { phi, theta } = expandArma(Float64Array.from([0.7, 0.2, -0.1, 0.97, -0.4, 0.1]), orders, false);
    const solved = stationaryCovariance(phi, theta);
    const gardner = gardnerCovariance(phi, theta);
    expect(solved).toHaveLength(gardner.length);
    solved.forEach((value, index) => {
      expect(Math.abs(value - (gardner[index] ?? Number.NaN))).toBeLessThan(
        1e-8 * Math.max(1, Math.abs(value)),
      );
    });
  });

  it('gives the AR(1) variance 1 / (1 - phi^2)', () => {
    expect(stationaryCovariance(Float64Array.from([0.6]), new Float64Array(0))[0]).toBeCloseTo(1 / 0.64, 12);
  });
});

describe('stationarity transform', () => {
  it('round-trips through the Jones transform', () => {
    const orders = { p: 3, q: 0, seasonalP: 0, seasonalQ: 0, period: 1, d: 0, seasonalD: 0 };
    const raw = Float64Array.from([0.3, -1.2, 0.8]);
    const back = invertTransform(undoTransform(raw, orders), orders);
    back.forEach((value, index) => {
      expect(value).toBeCloseTo(raw[index] ?? Number.NaN, 10);
    });
  });

  it('reflects a non-invertible MA root inside the unit circle', () => {
    expect(invertMovingAverage([2])).toEqual([0.5]);
    const [theta1, theta2] = invertMovingAverage([2.5, 1]);
    // 1 + 2.5z + z^2 = (1 + 2z)(1 + 0.5z) -> (1 + 0.5z)(1 + 0.5z) = 1 + z + 0.25 z^2
    expect(theta1).toBeCloseTo(1, 10);
    expect(theta2).toBeCloseTo(0.25, 10);
  });
});
