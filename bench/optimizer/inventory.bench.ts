import {
  inventoryOrderProblemSchema,
  optimizeInventoryOrders,
  toLpText,
} from '../../packages/optimizer/src/index.js';
import { buildOrderModel } from '../../packages/optimizer/src/inventory/internal/build-order-model.js';
import { runCbc } from './inventory-cbc.js';
import { generateInventoryInstance } from './inventory-instances.js';

const fixed = (value: number | null, digits: number) => (value === null ? '-' : value.toFixed(digits));

/**
 * Our inventory ordering engine (HiGHS in WebAssembly, model building and plan checks included, shadow prices
 * off) against CBC on the identical LP/MIP text, in the same run, on seeded instances of 50, 500 and 5000
 * products, as LP and as MIP (case packs, supplier fixed costs and minimums). Both get the same time limit
 * and relative gap. Objective = expected-profit gain over ordering nothing.
 */
export async function runInventoryBench(
  sizes: readonly number[] = [50, 500, 5000],
  settings = { timeLimit: 60, gapTolerance: 1e-3 },
): Promise<string> {
  const rows = [
    `time limit ${settings.timeLimit} s, relative gap ${settings.gapTolerance}; times are wall clock on this machine`,
    '',
    '| instance | vars | ours status | ours objective | ours bound | ours gap | ours s | CBC status | CBC objective | CBC bound | CBC s | objective diff | time ours/CBC | ours s with shadow prices |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  // Load the WebAssembly module once before timing, as a long-running app would have it loaded.
  await optimizeInventoryOrders(generateInventoryInstance(5, 1, false), { shadowPrices: false });
  for (const integer of [false, true]) {
    for (const size of sizes) {
      const problem = generateInventoryInstance(size, 1000 + size, integer);
      const parsed = inventoryOrderProblemSchema.parse(problem);
      const model = buildOrderModel(parsed).model;
      const ours = await optimizeInventoryOrders(problem, { ...settings, shadowPrices: false });
      const withPricing = (await optimizeInventoryOrders(problem, { ...settings, shadowPrices: true }))
        .timeSeconds;
      const cbc = runCbc(toLpText(model), settings);
      const gain = ours.expectedProfitGain;
      const boundGain = ours.bound === null ? null : ours.bound - (ours.expectedProfit - gain);
      const difference =
        cbc.objective === null ? null : (gain - cbc.objective) / Math.max(1, Math.abs(cbc.objective));
      rows.push(
        `| ${problem.name} | ${model.variables.length} | ${ours.status} | ${gain.toFixed(2)} | ${fixed(boundGain, 2)} | ${fixed(ours.gap, 5)} | ${ours.timeSeconds.toFixed(2)} | ${cbc.status} | ${fixed(cbc.objective, 2)} | ${fixed(cbc.bound, 2)} | ${cbc.timeSeconds.toFixed(2)} | ${difference === null ? '-' : `${(difference * 100).toFixed(4)} %`} | ${(ours.timeSeconds / cbc.timeSeconds).toFixed(2)} | ${withPricing.toFixed(2)} |`,
      );
    }
  }
  return rows.join('\n');
}
