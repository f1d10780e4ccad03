import { describe, expect, it } from 'vitest';
import { conformalIntervals } from '../intervals/conformal-intervals.js';
import { fitMean } from '../naive/fit-mean.js';
import { fitNaive } from '../naive/fit-naive.js';
import { combineForecasts } from './combine-forecasts.js';
import { fitEnsemble } from './fit-ensemble.js';

const trending = Array.from({ length: 40 }, (_, index) => 10 + index + (index % 3));

describe('combineForecasts', () => {
  it('takes the median per step', () => {
    expect(
      combineForecasts(
        [
          [1, 2],
          [3, 4],
          [10, 0],
        ],
        'median',
      ),
    ).toEqual([3, 2]);
    expect(combineForecasts([[1], [3]], 'median')).toEqual([2]);
  });

  it('takes a weighted mean with normalised weights', () => {
    expect(combineForecasts([[0], [10]], 'weighted_mean', [3, 1])).toEqual([2.5]);
    expect(combineForecasts([[0], [10]], 'mean', [3, 1])).toEqual([5]);
  });

  it('rejects weights that do not match the members', () => {
    expect(() => combineForecasts([[0], [10]], 'weighted_mean', [1])).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('fitEnsemble', () => {
  const members = [
    { name: 'naive', fit: fitNaive },
    { name: 'mean', fit: fitMean },
  ];

  it('weights members by inverse cross-validated MASE', () => {
    const ensemble = fitEnsemble(trending, members, { combination: 'weighted_mean', horizon: 4, windows: 3 });
    const [naive, mean] = ensemble.members;
    expect(naive?.weight).toBeGreaterThan(mean?.weight as number);
    expect((naive?.weight as number) + (mean?.weight as number)).toBeCloseTo(1, 12);
    expect(ensemble.method).toBe('Ensemble(weighted_mean: Naive, Mean)');
  });

  it('combines the members point forecasts', () => {
    const ensemble = fitEnsemble(trending, members, { combination: 'median', horizon: 4, windows: 3 });
    const expected = combineForecasts(
      [fitNaive(trending).forecast(4, []).mean, fitMean(trending).forecast(4, []).mean],
      'median',
    );
    expect(ensemble.forecast(4, []).mean).toEqual(expected);
  });

  it('gives conformal intervals from its own cross-validation errors', () => {
    const ensemble = fitEnsemble(trending, members, { horizon: 4, windows: 3 });
    expect(ensemble.crossValidationErrors).toHaveLength(3);
    const { mean, intervals } = ensemble.forecast(6, [80, 95]);
    const [eighty, ninetyFive] = intervals;
    mean.forEach((point, step) => {
      expect(ninetyFive?.lower[step]).toBeLessThanOrEqual(eighty?.lower[step] as number);
      expect(eighty?.lower[step]).toBeLessThanOrEqual(point);
      expect(eighty?.upper[step]).toBeGreaterThanOrEqual(point);
      expect(ninetyFive?.upper[step]).toBeGreaterThanOrEqual(eighty?.upper[step] as number);
    });
  });

  it('widens its conformal intervals by conformalWidening', () => {
    const plain = fitEnsemble(trending, members, { horizon: 4, windows: 3 });
    const widened = fitEnsemble(trending, members, { horizon: 4, windows: 3, conformalWidening: 1.3 });
    const { mean, intervals } = widened.forecast(6, [95]);
    const [conformal] = conformalIntervals(mean, plain.crossValidationErrors, [95]);
    expect(plain.forecast(6, [95]).intervals[0]?.upper).toEqual(conformal?.upper);
    mean.forEach((point, step) => {
      const halfWidth = (conformal?.upper[step] as number) - point;
      expect(halfWidth).toBeGreaterThan(0);
      expect(intervals[0]?.upper[step]).toBeCloseTo(point + 1.3 * halfWidth, 9);
      expect(intervals[0]?.lower[step]).toBeCloseTo(
        point - 1.3 * (point - (conformal?.lower[step] as number)),
        9,
      );
    });
  });

  it('rejects a conformalWidening below 1 with invalid_input', () => {
    expect(() => fitEnsemble(trending, members, { horizon: 4, conformalWidening: 0.5 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('drops a member that cannot be fitted and names it', () => {
    const failing = {
      name: 'broken',
      fit: () => {
        throw new Error('no fit');
      },
    };
    const ensemble = fitEnsemble(trending, [...members, failing], { horizon: 4 });
    expect(ensemble.dropped).toEqual([{ name: 'broken', reason: 'no fit' }]);
    expect(ensemble.members).toHaveLength(2);
  });

  it('falls back to combined member intervals without enough history to cross-validate', () => {
    const short = [3, 4, 5, 6];
    const ensemble = fitEnsemble(short, members, { horizon: 4, windows: 3 });
    expect(ensemble.crossValidationErrors).toEqual([]);
    expect(ensemble.forecast(2, [95]).intervals[0]?.upper[0]).toBeGreaterThan(
      ensemble.forecast(2, []).mean[0] as number,
    );
  });

  it('reports insufficient_data when no member fits', () => {
    expect(() => fitEnsemble([1], members, { horizon: 2 })).toThrow(
      expect.objectContaining({ code: 'insufficient_data' }),
    );
  });
});
