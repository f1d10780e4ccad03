import { readFileSync } from 'node:fs';
import { createRegistry } from '@dyocense/core/plugin';
import { describe, expect, it } from 'vitest';
import { forecastModelNames } from '../forecast/forecast-options.js';
import { forecastModels } from './forecast-models.js';
import { forecastPlugin } from './forecast-plugin.js';

const timestamps = Array.from({ length: 36 }, (_, index) => Date.UTC(2021, index, 1));
const values = timestamps.map((_, index) => 50 + index + 10 * Math.sin((2 * Math.PI * index) / 12));

describe('forecastPlugin', () => {
  it('contributes one model per name of forecastModelNames', () => {
    expect(forecastPlugin.manifest.contributes.forecastModels).toEqual([...forecastModelNames]);
    expect(forecastModels.map((model) => model.id)).toEqual([...forecastModelNames]);
  });

  it('carries the package version', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(forecastPlugin.manifest.version).toBe(packageJson.version);
  });

  it('registers in a core registry', () => {
    const registry = createRegistry();
    registry.register(forecastPlugin);
    expect(registry.listForecastModels().map((model) => model.id)).toContain('ets');
    expect(registry.getForecastModel('mstl').capabilities.seasonality).toBe(true);
  });

  it('forecasts through the SDK contract the same numbers as forecast()', async () => {
    const theta = forecastModels.find((model) => model.id === 'theta');
    const fitted = await theta?.fit({ id: 's', timestamps, values }, { seasonalPeriod: 12 });
    const result = theta?.predict(fitted, 3, { levels: [80, 95] });
    expect(result?.model).toBe('theta');
    expect(result?.points.map((point) => point.step)).toEqual([1, 2, 3]);
    const { forecast } = await import('../forecast/forecast.js');
    const direct = forecast(
      { id: 's', timestamps, values },
      { horizon: 3, model: 'theta', seasonPeriod: 12, seed: 0 },
    );
    expect(result?.points.map((point) => point.value)).toEqual(direct.points.map((point) => point.mean));
  });

  it('passes future regressor values to prophet and regression', async () => {
    const regression = forecastModels.find((model) => model.id === 'regression');
    const promotion = timestamps.map((_, index) => (index % 5 === 0 ? 1 : 0));
    const promoted = values.map((value, index) => value + 30 * (promotion[index] as number));
    const fitted = await regression?.fit(
      { id: 's', timestamps, values: promoted },
      { exogenous: { promotion }, seasonalPeriod: 12 },
    );
    const withPromotion = regression?.predict(fitted, 2, { exogenous: { promotion: [1, 1] } });
    const without = regression?.predict(fitted, 2, { exogenous: { promotion: [0, 0] } });
    const lift = (withPromotion?.points[0]?.value as number) - (without?.points[0]?.value as number);
    expect(lift).toBeGreaterThan(20);
    expect(lift).toBeLessThan(40);
  });
});
