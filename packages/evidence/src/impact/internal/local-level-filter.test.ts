import { describe, expect, it } from 'vitest';
import { readDaily, readKalmanReference } from '../../__fixtures__/evidence-fixtures.js';
import { fitLocalLevel } from './fit-local-level.js';
import { forecastLocalLevel, runLocalLevelFilter } from './local-level-filter.js';

const daily = readDaily();
const reference = readKalmanReference();
const column = (name: string) => Float64Array.from(daily.series[name] as number[]);
const traffic = column('traffic');
// The fixture back-fills the first lagged values with the first observation.
const lagged = (values: Float64Array, lag: number) =>
  Float64Array.from(values, (_, index) => values[Math.max(0, index - lag)] as number);
const regressors = [traffic, lagged(traffic, 1), lagged(traffic, 2), column('price')];
const split = reference.meta.t0;
const horizon = reference.meta.h;
const pre = regressors.map((values) => values.subarray(0, split));
const post = regressors.map((values) => values.subarray(split, split + horizon));
const orders = column('orders').subarray(0, split);
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('local level + regression Kalman filter', () => {
  it('matches statsmodels with fixed variances and the approximate diffuse start', () => {
    const expected = reference.approximate_diffuse.fixed;
    const filter = runLocalLevelFilter({
      response: orders,
      regressors: pre,
      sigma2Irregular: 30,
      sigma2Level: 0.01,
      initialization: 'approximate',
    });
    const forecast = forecastLocalLevel(filter, post, horizon, 30, 0.01);
    // The 10⁶ prior variance times traffic² ≈ 6·10¹² leaves ~1e-8 relative rounding in any implementation.
    expect(relative(filter.logLikelihood, expected.llf)).toBeLessThan(5e-8);
    expect(relative(forecast.cumulativeVariance, expected.forecast.cum_var)).toBeLessThan(5e-8);
    forecast.means.forEach((mean, index) => {
      expect(relative(mean, expected.forecast.mean[index] as number)).toBeLessThan(5e-8);
      expect(
        relative(forecast.variances[index] as number, expected.forecast.var[index] as number),
      ).toBeLessThan(5e-8);
    });
    expected.forecast.a_T.forEach((value, index) => {
      expect(relative(filter.state[index] as number, value)).toBeLessThan(1e-6);
    });
  });

  it('gives the cumulative variance as the sum of the analytic forecast covariance', () => {
    const filter = runLocalLevelFilter({
      response: orders,
      regressors: pre,
      sigma2Irregular: 30,
      sigma2Level: 0.01,
      initialization: 'exact',
    });
    const forecast = forecastLocalLevel(filter, post, 3, 30, 0.01);
    // Brute-force 1ᵀΣ1 with Σ_ij = Z_i(P + min(i,j)Q)Z_jᵀ + δ_ij H.
    const z = (i: number) => [1, ...post.map((values) => values[i] as number)];
    const m = 5;
    let total = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const zi = z(i);
        const zj = z(j);
        let value = Math.min(i, j) * 0.01 + (i === j ? 30 : 0);
        for (let r = 0; r < m; r++)
          for (let c = 0; c < m; c++)
            value += (zi[r] as number) * (filter.covariance[r * m + c] as number) * (zj[c] as number);
        total += value;
      }
    }
    expect(relative(forecast.cumulativeVariance, total)).toBeLessThan(1e-10);
  });

  it('reaches at least the statsmodels maximum likelihood with the approximate start', () => {
    const expected = reference.approximate_diffuse.mle;
    const fit = fitLocalLevel(orders, pre, 'approximate');
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(expected.llf - 1e-4);
    const forecast = forecastLocalLevel(fit.filter, post, horizon, fit.sigma2Irregular, fit.sigma2Level);
    expect(
      relative(Math.sqrt(forecast.cumulativeVariance), Math.sqrt(expected.forecast.cum_var)),
    ).toBeLessThan(0.01);
    expect(relative(forecast.means[0] as number, expected.forecast.mean[0] as number)).toBeLessThan(1e-6);
    expect(relative(fit.sigma2Irregular, expected.params['sigma2.irregular'])).toBeLessThan(0.01);
  });

  it('puts the level variance at its boundary when the baseline is stable', () => {
    const fit = fitLocalLevel(orders, pre, 'exact');
    expect(fit.sigma2Level).toBeLessThan(1e-3);
    expect(fit.sigma2Irregular).toBeGreaterThan(35);
    expect(fit.sigma2Irregular).toBeLessThan(42);
  });
});
