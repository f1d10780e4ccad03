import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkParsedSchedule } from '../check-schedule.js';
import { type StaffingProblem, staffingProblemSchema } from '../staffing-problem.js';
import { greedySchedule } from './greedy-schedule.js';
import { indexStaffingProblem } from './staffing-index.js';
import { summarizeRoster } from './summarize-roster.js';

const load = (name: string) =>
  staffingProblemSchema.parse(
    JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8')) as StaffingProblem,
  );

describe('greedySchedule', () => {
  it.each(['shift-rich-20x50.json', 'shift-core-20x50.json'])(
    'leaves no cost-lowering swap of two shifts between two people on %s (checked by the rule checker)',
    (name) => {
      const problem = load(name);
      const index = indexStaffingProblem(problem);
      const roster = greedySchedule(index).assigned;
      const cost = summarizeRoster(index, roster, undefined).objective;
      expect(checkParsedSchedule(problem, summarizeRoster(index, roster, undefined).assignments).valid).toBe(
        true,
      );
      const improving: string[] = [];
      roster.forEach((dearShifts, dear) => {
        roster.forEach((cheapShifts, cheap) => {
          if ((problem.employees[dear]?.rate ?? 0) <= (problem.employees[cheap]?.rate ?? 0)) return;
          for (const long of dearShifts) {
            for (const short of cheapShifts) {
              if ((problem.shifts[long]?.hours ?? 0) <= (problem.shifts[short]?.hours ?? 0)) continue;
              if (dearShifts.includes(short) || cheapShifts.includes(long)) continue;
              const swapped = roster.map((shifts, employee) =>
                employee === dear
                  ? shifts.map((shift) => (shift === long ? short : shift))
                  : employee === cheap
                    ? shifts.map((shift) => (shift === short ? long : shift))
                    : shifts,
              );
              const summary = summarizeRoster(index, swapped, undefined);
              if (summary.objective < cost - 1e-6 && checkParsedSchedule(problem, summary.assignments).valid)
                improving.push(`${dear}:${long} <-> ${cheap}:${short}`);
            }
          }
        });
      });
      expect(improving).toEqual([]);
    },
  );
});
