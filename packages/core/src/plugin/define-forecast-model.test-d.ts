import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineForecastModel } from './define-forecast-model.js';

describe('defineForecastModel types', () => {
  it('infers params from paramsSchema and carries the fitted type from fit to predict', async () => {
    const model = defineForecastModel({
      id: 'typed',
      name: 'Typed',
      capabilities: { intervals: false, minHistory: 1 },
      paramsSchema: z.object({ alpha: z.number().default(0.5) }),
      fit: (_series, options) => {
        expectTypeOf(options.params).toEqualTypeOf<{ alpha: number }>();
        return { level: options.params.alpha };
      },
      predict: (fitted, horizon) => {
        expectTypeOf(fitted).toEqualTypeOf<{ level: number }>();
        return {
          points: Array.from({ length: horizon }, (_, index) => ({
            step: index + 1,
            value: fitted.level,
            intervals: [],
          })),
        };
      },
    });
    expectTypeOf(await model.fit({ id: 's', timestamps: [1], values: [1] })).toEqualTypeOf<{
      level: number;
    }>();
  });
});
