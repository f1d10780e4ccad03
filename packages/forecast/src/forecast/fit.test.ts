import { describe, expect, it } from 'vitest';
import { fit as fitSeries } from './fit.js';
import { forecast } from './forecast.js';
import { forecastBatch } from './forecast-batch.js';

const months = (count: number, startYear = 2020): number[] =>
  Array.from({ length: count }, (_, index) => Date.UTC(startYear, index, 1));
const seasonal = (count: number): number[] =>
  Array.from(
    { length: count },
    (_, index) => 100 + index + 15 * Math.sin((2 * Math.PI * index) / 12) + (index % 4),
  );

describe('forecast', () => {
  it('returns one point per step with ISO dates continuing the history', () => {
    const result = forecast(
      { id: 'sales', timestamps: months(36), values: seasonal(36) },
      { horizon: 3, model: 'theta' },
    );
    expect(result.points.map((point) => point.timestamp)).toEqual(['2023-01-01', '2023-02-01', '2023-03-01']);
    expect(result.points[0]?.intervals.map((interval) => interval.level)).toEqual([80, 95]);
    expect(result.method).toBe('Theta');
    expect(result.diagnostics).toMatchObject({ frequency: 'month', seasonPeriod: 12, historyLength: 36 });
  });

  it('follows the requested levels', () => {
    const result = forecast(
      { id: 'sales', timestamps: months(24), values: seasonal(24) },
      { horizon: 2, model: 'naive', levels: [50, 99] },
    );
    expect(result.points[0]?.intervals.map((interval) => interval.level)).toEqual([50, 99]);
  });

  it('chooses among candidates and their combination by rolling-origin cross-validation with auto', () => {
    const result = forecast({ id: 'sales', timestamps: months(48), values: seasonal(48) }, { horizon: 6 });
    const scores = result.diagnostics.crossValidation;
    expect(scores.map((score) => score.model)).toEqual([
      'ets',
      'arima',
      'ces',
      'optimized_theta',
      'theta',
      'snaive',
      'naive',
      'ensemble',
    ]);
    const combined = scores.find((score) => score.model === 'ensemble')?.mase as number;
    const singles = scores.filter((score) => score.model !== 'ensemble');
    const best = [...singles].sort((left, right) => (left.mase as number) - (right.mase as number))[0];
    // A single model is chosen only when its CV error is less than half the combination's.
    const expected = (best?.mase as number) < 0.5 * combined ? best?.model : 'ensemble';
    expect(result.diagnostics.model).toBe(expected);
  }, 60_000);

  it('compares intermittent-demand methods when more than 30% of the history is zero', () => {
    const values = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? 5 + (index % 4) : 0));
    const result = forecast({ id: 'spare-part', timestamps: months(40), values }, { horizon: 4 });
    expect(result.diagnostics.crossValidation.map((score) => score.model)).toEqual(
      expect.arrayContaining(['croston', 'sba', 'tsb']),
    );
    expect(result.points.every((point) => point.mean >= 0)).toBe(true);
  });

  it('ignores seasonality with a warning when the history is shorter than two seasons', () => {
    const result = forecast(
      { id: 'new', timestamps: months(15), values: seasonal(15) },
      { horizon: 2, model: 'snaive' },
    );
    expect(result.diagnostics.seasonPeriod).toBe(1);
    expect(result.warnings[0]).toContain('fewer than two seasons of 12');
  });

  it('falls back to naive with a reason for two observations', () => {
    const result = forecast(
      { id: 'tiny', timestamps: months(2), values: [3, 5] },
      { horizon: 2, model: 'ets' },
    );
    expect(result.diagnostics.model).toBe('naive');
    expect(result.diagnostics.reason).toContain('ets needs at least 7 observations');
    expect(result.points.map((point) => point.mean)).toEqual([5, 5]);
  });

  it('repeats a constant series with zero-width intervals and says why', () => {
    const result = forecast(
      { id: 'flat', timestamps: months(10), values: Array(10).fill(4) },
      { horizon: 2 },
    );
    expect(result.method).toBe('Constant');
    expect(result.points[1]).toEqual({
      timestamp: '2020-12-01',
      mean: 4,
      intervals: [
        { level: 80, lower: 4, upper: 4 },
        { level: 95, lower: 4, upper: 4 },
      ],
    });
    expect(result.diagnostics.reason).toContain('constant series');
  });

  it('forecasts a single observation when the frequency is given', () => {
    const result = forecast(
      { id: 'one', timestamps: [Date.UTC(2024, 0, 1)], values: [7] },
      { horizon: 1, frequency: 'day' },
    );
    expect(result.points).toEqual([expect.objectContaining({ timestamp: '2024-01-02', mean: 7 })]);
  });

  it('bias-adjusts forecasts made on the log scale', () => {
    const values = seasonal(30).map((value, index) => value * 1.02 ** index);
    const plain = forecast({ id: 'x', timestamps: months(30), values }, { horizon: 1, model: 'naive' });
    const logged = forecast(
      { id: 'x', timestamps: months(30), values },
      { horizon: 1, model: 'naive', transform: 'log' },
    );
    expect(logged.diagnostics.transform).toEqual({ kind: 'log', lambda: 0 });
    // The naive median on the log scale is the last value; the mean is above it.
    expect(logged.points[0]?.mean).toBeGreaterThan(plain.points[0]?.mean as number);
    const interval = logged.points[0]?.intervals[1];
    expect(interval?.lower).toBeGreaterThan(0);
  });

  it('chooses the Box-Cox lambda by Guerrero and skips the transform for non-positive data', () => {
    const boxcox = forecast(
      { id: 'x', timestamps: months(36), values: seasonal(36) },
      { horizon: 1, model: 'naive', transform: 'boxcox' },
    );
    expect(boxcox.diagnostics.transform.kind).toBe('boxcox');
    const negative = forecast(
      { id: 'y', timestamps: months(5), values: [1, -2, 3, 4, 5] },
      { horizon: 1, model: 'naive', transform: 'boxcox' },
    );
    expect(negative.diagnostics.transform).toEqual({ kind: 'none' });
    expect(negative.warnings.join(' ')).toContain('needs positive values');
  });

  it('clips forecasts of non-negative histories at zero', () => {
    const values = [1, 0, 2, 0, 1, 0, 3, 0, 1, 0];
    const result = forecast({ id: 'counts', timestamps: months(10), values }, { horizon: 3, model: 'drift' });
    expect(result.diagnostics.nonNegative).toBe(true);
    expect(result.points.every((point) => point.intervals.every((interval) => interval.lower >= 0))).toBe(
      true,
    );
  });

  it('combines ETS, ARIMA, CES and DOTM with conformal intervals for ensemble', () => {
    const result = forecast(
      { id: 'sales', timestamps: months(48), values: seasonal(48) },
      { horizon: 6, model: 'ensemble', combination: 'weighted_mean' },
    );
    expect(result.method).toMatch(/^Ensemble\(weighted_mean: /);
    expect((result.diagnostics.ensemble ?? []).map((member) => member.name)).toEqual([
      'ets',
      'arima',
      'ces',
      'optimized_theta',
    ]);
    const weights = (result.diagnostics.ensemble ?? []).map((member) => member.weight);
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 10);
  }, 60_000);

  it('rejects bad options with invalid_input', () => {
    const series = { id: 'x', timestamps: months(5), values: [1, 2, 3, 4, 5] };
    expect(() => forecast(series, { horizon: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => forecast(series, { horizon: 2, levels: [120] })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => forecast(series, { horizon: 2, model: 'magic' as 'naive' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('rejects a series with gaps unless a gap policy is chosen', () => {
    const timestamps = [...months(3), Date.UTC(2020, 5, 1)];
    const series = { id: 'gappy', timestamps, values: [1, 2, 3, 6] };
    expect(() => forecast(series, { horizon: 1, model: 'naive' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    const filled = forecast(series, { horizon: 1, model: 'naive', gapPolicy: 'interpolate' });
    expect(filled.diagnostics.filledObservations).toBe(2);
    expect(filled.warnings[0]).toContain('2 between 2020-03-01 and 2020-06-01');
  });
});

describe('fit', () => {
  it('predicts any horizon and exposes components, residuals and diagnostics', () => {
    const model = fitSeries(
      { id: 'sales', timestamps: months(30), values: seasonal(30) },
      { horizon: 3, model: 'snaive' },
    );
    expect(model.predict().points).toHaveLength(3);
    expect(model.predict(5).points).toHaveLength(5);
    const components = model.components();
    expect(components.observed).toHaveLength(30);
    expect(components.fitted.slice(0, 12).every((value) => value === null)).toBe(true);
    expect(components.residuals[12]).toBeCloseTo(
      (components.observed[12] as number) - (components.observed[0] as number),
      10,
    );
    expect(model.residuals()).toEqual(components.residuals);
    expect(model.diagnostics()).toMatchObject({ method: 'Seasonal naive[12]', requestedModel: 'snaive' });
  });

  it('rejects a bad horizon in predict', () => {
    const model = fitSeries(
      { id: 'x', timestamps: months(5), values: [1, 2, 3, 4, 5] },
      { horizon: 1, model: 'naive' },
    );
    expect(() => model.predict(0)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('forecastBatch', () => {
  it('forecasts long rows per unique_id and lists the series that fail', () => {
    const rows = [
      { unique_id: 'a', ds: '2024-01-01', y: 1 },
      { unique_id: 'b', ds: '2024-01-01', y: 5 },
      { unique_id: 'a', ds: '2024-01-02', y: 2 },
      { unique_id: 'b', ds: '2024-01-02', y: 6 },
      { unique_id: 'b', ds: '2024-01-04', y: 8 },
      { unique_id: 'a', ds: '2024-01-03', y: 3 },
    ];
    const progress: number[] = [];
    const { results, failures } = forecastBatch(rows, { horizon: 2, model: 'naive' }, (done) =>
      progress.push(done),
    );
    expect(results.map((result) => result.seriesId)).toEqual(['a']);
    expect(results[0]?.points.map((point) => point.timestamp)).toEqual(['2024-01-04', '2024-01-05']);
    expect(failures).toEqual([expect.objectContaining({ seriesId: 'b', code: 'invalid_input' })]);
    expect(progress).toEqual([1, 2]);
  });

  it('reads integer ds values as period indices', () => {
    const rows = [1, 2, 3, 4].map((ds) => ({ unique_id: 'p', ds, y: ds * 2 }));
    const { results } = forecastBatch(rows, { horizon: 1, model: 'drift' });
    expect(results[0]?.points[0]).toMatchObject({ timestamp: '5', mean: 10 });
  });
});
