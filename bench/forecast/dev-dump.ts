// Development windows as JSON, for comparing rules offline (e.g. dev-intervals.ts): the last horizon (or, with
// OFFSET k, the horizon k horizons earlier) of each training series of a seeded sample is held out, and `auto`,
// its members and seasonal naive (DUMP_MODELS, comma-separated, to change the list) forecast it with 80 and 95%
// intervals; on m4_hourly also `mstl` and `auto` with the cycles 24 and 168 (`auto168`). Never the test windows.
//   node --conditions=@dyocense/source --import tsx bench/forecast/dev-dump.ts SET SIZE SEED OFFSET OUT.json
import { writeFileSync } from 'node:fs';
import { type ForecastModelName, forecast } from '../../packages/forecast/src/index.js';
import { developmentWindows } from './dev-windows.js';

const [setName = 'm3_monthly', sizeText = '80', seedText = '7', offsetText = '0', out = 'dev-windows.json'] =
  process.argv.slice(2);
const { set, windows } = developmentWindows(setName, Number(sizeText), Number(seedText), Number(offsetText));
const rows = [];
for (const { id, history, actual } of windows) {
  const run = (model: ForecastModelName, extra: object = {}) => {
    const started = process.cpuUsage();
    const result = forecast(
      { id, frequency: 'period', timestamps: history.map((_, index) => index), values: history },
      { horizon: set.horizon, seasonPeriod: set.season, model, levels: [80, 95], ...extra },
    );
    const used = process.cpuUsage(started);
    return {
      seconds: (used.user + used.system) / 1e6,
      mean: result.points.map((point) => point.mean),
      lo95: result.points.map((point) => point.intervals[1]?.lower ?? point.mean),
      hi95: result.points.map((point) => point.intervals[1]?.upper ?? point.mean),
      method: result.method,
      model: result.diagnostics.model,
      ensemble: result.diagnostics.ensemble,
      cv: result.diagnostics.crossValidation,
    };
  };
  const models: Record<string, unknown> = {};
  for (const name of (process.env.DUMP_MODELS ?? 'auto,ets,arima,theta,snaive').split(
    ',',
  ) as ForecastModelName[]) {
    try {
      models[name] = run(name);
    } catch (error) {
      console.error(id, name, error);
    }
  }
  if (set.name === 'm4_hourly') {
    models.mstl = run('mstl', { seasonPeriods: [24, 168] });
    models.auto168 = run('auto', { seasonPeriods: [24, 168] });
  }
  rows.push({ id, history, actual, models });
  process.stderr.write('.');
}
writeFileSync(out, JSON.stringify({ set, rows }));
console.error(`\n${rows.length} series -> ${out}`);
