// Reference objectives of our multi-product ordering models from COIN-OR CBC.
//
// Builds the exact LP/MIP that `optimizeInventoryOrders` solves for each shared instance
// (../shared/data/inventory/inv-lp-50, inv-lp-500, inv-mip-50), writes it as CPLEX LP text with `toLpText`, solves it
// with CBC (Debian coinor-cbc, single thread, relative gap 1e-6) and records the objective — the expected-profit
// gain over ordering nothing — in packages/optimizer/src/inventory/__fixtures__/cbc-objectives.json.
//
// Usage (from the repository root): node --conditions=@dyocense/source --import tsx bench/reference/inventory-cbc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOrderModel } from '../../packages/optimizer/src/inventory/internal/build-order-model.js';
import { inventoryOrderProblemSchema } from '../../packages/optimizer/src/inventory/order-problem.js';
import { toLpText } from '../../packages/optimizer/src/solver/to-lp-text.js';
import { runCbc } from '../optimizer/inventory-cbc.js';

const dataDirectory = fileURLToPath(new URL('../../../shared/data/inventory/', import.meta.url));
const fixture = fileURLToPath(
  new URL('../../packages/optimizer/src/inventory/__fixtures__/cbc-objectives.json', import.meta.url),
);
const gapTolerance = 1e-6;

const instances: Record<string, { model: 'lp' | 'mip'; status: string; objective: number | null }> = {};
let version = 'unknown';
for (const name of ['inv-lp-50', 'inv-lp-500', 'inv-mip-50']) {
  const problem = inventoryOrderProblemSchema.parse(
    JSON.parse(readFileSync(`${dataDirectory}${name}.json`, 'utf8')),
  );
  const order = buildOrderModel(problem);
  const run = runCbc(toLpText(order.model), { timeLimit: 600, gapTolerance });
  version = run.version;
  instances[name] = { model: order.integer ? 'mip' : 'lp', status: run.status, objective: run.objective };
  process.stdout.write(`${name}: ${run.status} ${run.objective} (${run.timeSeconds.toFixed(2)} s)\n`);
}
writeFileSync(
  fixture,
  `${JSON.stringify(
    {
      about:
        'Objective (expected-profit gain over ordering nothing) of the model optimizeInventoryOrders builds, solved by CBC; see bench/reference/inventory-cbc.ts',
      solver: `CBC ${version} (Debian coinor-cbc), threads 1, ratioGap ${gapTolerance}`,
      date: new Date().toISOString().slice(0, 10),
      instances,
    },
    null,
    2,
  )}\n`,
);
