import { describeForecastModel } from '@dyocense/core/testing';
import { forecastModels } from './forecast-models.js';

// Four years of monthly sales with a trend and a yearly cycle: every model, seasonal or not, can fit it.
const timestamps = Array.from({ length: 48 }, (_, index) => Date.UTC(2020, index, 1));
const values = timestamps.map(
  (_, index) => 120 + 1.5 * index + 20 * Math.sin((2 * Math.PI * index) / 12) + 6 * Math.sin(index * 1.7),
);
// Slow-moving stock: mostly zeros, for the intermittent-demand models.
const intermittent = timestamps.map((_, index) => (index % 4 === 1 ? 3 + (index % 3) : 0));

for (const model of forecastModels) {
  const zeroHeavy = ['croston', 'sba', 'tsb'].includes(model.id);
  describeForecastModel(model, {
    series: { id: 'monthly-sales', timestamps, values: zeroHeavy ? intermittent : values },
    horizon: 12,
    ...(model.capabilities.seasonality ? { seasonalPeriod: 12 } : {}),
  });
}
