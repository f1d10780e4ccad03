import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { meanModel } from './__fixtures__/sample-plugin.js';
import { defineForecastModel } from './define-forecast-model.js';

const series = {
  id: 'sales',
  timestamps: [1, 2, 3, 4],
  values: [10, 12, null, 14],
  frequency: 'period' as const,
};

describe('defineForecastModel', () => {
  it('fits and predicts with default levels 80 and 95', async () => {
    const fitted = await meanModel.fit(series);
    const forecast = meanModel.predict(fitted, 2);
    expect(forecast.model).toBe('acme-mean');
    expect(forecast.points).toEqual([
      {
        step: 1,
        value: 12,
        intervals: [
          { level: 80, lower: 10.4, upper: 13.6 },
          { level: 95, lower: 10.1, upper: 13.9 },
        ],
      },
      {
        step: 2,
        value: 12,
        intervals: [
          { level: 80, lower: 10.4, upper: 13.6 },
          { level: 95, lower: 10.1, upper: 13.9 },
        ],
      },
    ]);
  });

  it('parses params with the model schema', async () => {
    const fitted = await meanModel.fit(series, { params: { spread: 2 } });
    expect(fitted.spread).toBe(2);
    await expect(meanModel.fit(series, { params: { spread: -1 } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('throws insufficient_data below minHistory non-missing values', async () => {
    const short = { id: 'sales', timestamps: [1, 2], values: [5, null] };
    await expect(meanModel.fit(short)).rejects.toMatchObject({
      code: 'insufficient_data',
      details: { required: 2, actual: 1 },
    });
  });

  it('rejects a malformed series, horizon or levels with invalid_input', async () => {
    await expect(meanModel.fit({ id: 'x', timestamps: [2, 1], values: [1, 2] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const fitted = await meanModel.fit(series);
    for (const horizon of [0, 1.5, -3, Number.NaN]) {
      expect(() => meanModel.predict(fitted, horizon)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }) as Error,
      );
    }
    expect(() => meanModel.predict(fitted, 2, { levels: [95, 80] })).toThrow(/ascending/);
  });

  it('refuses exogenous regressors for a model without them', async () => {
    await expect(meanModel.fit(series, { exogenous: { price: [1, 2, 3, 4] } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('throws internal when the author returns intervals that miss the point forecast', async () => {
    const broken = defineForecastModel({
      id: 'broken',
      name: 'Broken',
      capabilities: { intervals: true, minHistory: 1 },
      fit: () => ({}),
      predict: (_fitted, horizon, options) => ({
        points: Array.from({ length: horizon }, (_, index) => ({
          step: index + 1,
          value: 5,
          intervals: options.levels.map((level) => ({ level, lower: 6, upper: 7 })),
        })),
      }),
    });
    const fitted = await broken.fit(series);
    expect(() => broken.predict(fitted, 1)).toThrow(/does not contain the point forecast 5/);
  });

  it('rejects a seasonal model with minHistory 1 and a params schema JSON Schema cannot express', () => {
    const definition = {
      id: 'seasonal',
      name: 'Seasonal',
      capabilities: { intervals: false, minHistory: 1, seasonality: true },
      fit: () => ({}),
      predict: () => ({ points: [] }),
    };
    expect(() => defineForecastModel(definition)).toThrow(/declares seasonality but minHistory 1/);
    expect(() =>
      defineForecastModel({
        ...definition,
        capabilities: { intervals: false, minHistory: 2 },
        paramsSchema: z.bigint(),
      }),
    ).toThrow(/cannot be converted to JSON Schema/);
  });
});
