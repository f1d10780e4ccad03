// Staffing engine vs CBC on the same MIPs: generated weeks (20x50, 50x150, 100x500; core and rich rules) and
// the shared reference weeks. Both get the same time limit and relative gap; every plan is re-checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkSchedule,
  type StaffingProblem,
  scheduleShifts,
  solve,
  toStaffingLinearModel,
} from '../../packages/optimizer/src/index.js';
import { ensureStaffingCbc, runStaffingCbc } from './staffing-cbc.js';
import { generateStaffingInstance } from './staffing-generator.js';

const sizes: [number, number][] = [
  [20, 50],
  [50, 150],
  [100, 500],
];

function format(value: number | null, digits = 2): string {
  return value === null ? '–' : value.toFixed(digits);
}

function percent(value: number | null): string {
  return value === null ? '–' : `${(100 * value).toFixed(3)} %`;
}

/** Runs the staffing bench and returns a markdown table. */
export async function runStaffingBench(sharedDirectory: string): Promise<string> {
  const timeLimit = Number(process.env.BENCH_TIME_LIMIT ?? 5);
  const gapTolerance = Number(process.env.BENCH_GAP ?? 1e-4);
  ensureStaffingCbc();
  // Load the HiGHS WebAssembly module once, outside the timings (a one-off ~0.5 s per process).
  await solve({ sense: 'minimize', variables: [{ name: 'x', cost: 1 }], constraints: [] });

  const instances: StaffingProblem[] = [];
  for (const rich of [false, true]) {
    for (const [employees, shifts] of sizes)
      instances.push(generateStaffingInstance(employees, shifts, 7 + employees, rich));
  }
  for (const name of ['shift-core-20x50', 'shift-rich-20x50', 'shift-rich-50x150']) {
    instances.push(
      JSON.parse(readFileSync(join(sharedDirectory, `${name}.json`), 'utf8')) as StaffingProblem,
    );
  }

  const rows: string[] = [
    `time limit ${timeLimit} s, relative gap ${gapTolerance}; CBC 2.10.8 (coinor-cbc) 1 thread, elapsed-time limit; objective = weekly labour cost`,
    '',
    '| instance | shifts | demand/capacity | vars | rows | ours status | ours objective | ours bound | ours gap | ours s (cpu) | heuristic | CBC status | CBC objective | CBC bound | CBC gap | CBC s (cpu) | time ours/CBC |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const problem of instances) {
    const model = toStaffingLinearModel(problem);
    const demand = problem.shifts.reduce((sum, shift) => sum + shift.hours * shift.minStaff, 0);
    const capacity = problem.employees.reduce((sum, employee) => sum + employee.maxHours, 0);
    const cpu = process.cpuUsage();
    const ours = await scheduleShifts(problem, { timeLimit, gapTolerance });
    const used = process.cpuUsage(cpu);
    const valid = checkSchedule(problem, ours.assignments).valid;
    const cbc = runStaffingCbc(model, timeLimit, gapTolerance);
    const cbcGap =
      cbc.objective === null || cbc.bound === null
        ? null
        : Math.abs(cbc.objective - cbc.bound) / Math.max(1, cbc.objective);
    rows.push(
      `| ${problem.name} | ${problem.shifts.length} | ${format(demand / capacity)} | ${model.variables.length} | ${model.constraints.length} | ${ours.status}${valid ? '' : ' (INVALID)'} | ${format(ours.objective)} | ${format(ours.bound)} | ${percent(ours.gap)} | ${format(ours.timeSeconds)} (${format((used.user + used.system) / 1e6)}) | ${format(ours.heuristicObjective)} | ${cbc.status} | ${format(cbc.objective)} | ${format(cbc.bound)} | ${percent(cbcGap)} | ${format(cbc.wallSeconds)} (${format(cbc.cpuSeconds)}) | ${format(ours.timeSeconds / cbc.wallSeconds)} |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  return rows.join('\n');
}
