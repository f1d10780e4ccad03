// `pnpm bench [name]`: runs the benchmarks; each prints its figures and ratios against a reference measured in the same run.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGrangerBench } from './evidence/granger.bench.js';
import { runRecoveryBench } from './evidence/recovery.bench.js';
import { runForecastBench } from './forecast/forecast.bench.js';
import { runCsvIngestBench } from './ingest/csv-ingest.bench.js';
import { runDbIngestBench } from './ingest/db-ingest.bench.js';
import { runInventoryBench } from './optimizer/inventory.bench.js';
import { runStaffingBench } from './optimizer/staffing.bench.js';
import { runObservabilityOverheadBench } from './server/observability-overhead.bench.js';
import { runServerBench, serverBenchOptionsFromEnvironment } from './server/server.bench.js';

const benches: Record<string, () => Promise<string>> = {
  inventory: () => runInventoryBench(),
  'csv-ingest': () =>
    runCsvIngestBench(join(tmpdir(), 'dyocense-bench'), Number(process.env.BENCH_ROWS ?? 1_000_000)),
  forecast: () =>
    runForecastBench(
      fileURLToPath(new URL('../../shared/data/forecast/', import.meta.url)),
      join(tmpdir(), 'dyocense-bench', 'forecast'),
    ),
  'db-ingest': () =>
    runDbIngestBench({
      tenants: Number(process.env.BENCH_INGEST_TENANTS ?? 100),
      days: Number(process.env.BENCH_INGEST_DAYS ?? 1000),
    }),
  granger: () => runGrangerBench(join(tmpdir(), 'dyocense-bench', 'evidence')),
  recovery: () => runRecoveryBench(),
  server: () => runServerBench(serverBenchOptionsFromEnvironment()),
  'observability-overhead': () => runObservabilityOverheadBench(Number(process.env.BENCH_SECONDS ?? 5)),
  staffing: () => runStaffingBench(fileURLToPath(new URL('../../shared/data/staffing/', import.meta.url))),
};

const only = process.argv[2];
for (const [name, run] of Object.entries(benches)) {
  if (only !== undefined && only !== name) continue;
  process.stdout.write(`\n# ${name}\n${await run()}\n`);
}
