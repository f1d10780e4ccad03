import { DyocenseError, parseInput } from '@dyocense/core';
import { relativeGap, solveLinearModel } from '../solver/internal/solve-linear-model.js';
import type { SolveResult } from '../solver/solve-result.js';
import { checkParsedSchedule } from './check-schedule.js';
import { bestGreedyRoster } from './internal/best-greedy-roster.js';
import {
  buildStaffingModel,
  type StaffingModel,
  type StaffingModelPricing,
} from './internal/build-staffing-model.js';
import { explainShortfall } from './internal/explain-shortfall.js';
import { indexStaffingProblem, type StaffingIndex } from './internal/staffing-index.js';
import { summarizeRoster } from './internal/summarize-roster.js';
import {
  type ParsedStaffingOptions,
  type StaffingOptions,
  staffingOptionsSchema,
} from './staffing-options.js';
import { type StaffingProblem, staffingProblemSchema } from './staffing-problem.js';
import type { StaffingResult } from './staffing-result.js';

type Roster = number[][];

function decode(index: StaffingIndex, built: StaffingModel, values: readonly number[]): Roster {
  const shiftCount = index.problem.shifts.length;
  const roster: Roster = index.problem.employees.map(() => []);
  for (const [key, variable] of built.assignmentVariable) {
    if ((values[variable] ?? 0) > 0.5) roster[Math.floor(key / shiftCount)]?.push(key % shiftCount);
  }
  return roster;
}

const defaultTimeLimit = 10;
/** Share of the time budget for randomised greedy restarts before the MIP. */
const restartShare = 0.15;

/** Solver options for the MIP, with the time already spent (`started`, ms) taken out of the budget. */
function solveOptions(
  options: ParsedStaffingOptions,
  initialValues: readonly number[] | undefined,
  started: number,
) {
  const elapsed = (performance.now() - started) / 1000;
  return {
    backend: 'highs' as const,
    timeLimit: Math.max(0.2, (options.timeLimit ?? defaultTimeLimit) - elapsed),
    gapTolerance: options.gapTolerance ?? 1e-4,
    signal: options.signal,
    initialValues,
    feasibilityTolerance: 1e-6,
    fixedIntegerDuals: false,
  };
}

/**
 * Builds a one-week roster that covers every shift at minimum labour cost (sum of rate x paid hours) while
 * respecting skills, availability, weekly hours, no overlap, rest between days, max days and contracted
 * minimum hours (as `problem.rules` switches them on). Soft rules (`options.soft`) are priced in the
 * objective instead. A greedy/repair roster seeds the MIP (HiGHS) and is the fallback when the MIP has no
 * better plan when time runs out; `bound` and `gap` state how far from optimal the result may be. Every
 * roster is re-checked against the rules in our own code. When no roster meets the hard rules, the result is
 * `infeasible` with the best partial roster and an explanation per uncovered shift.
 *
 * @throws DyocenseError `invalid_input` (problem or options, naming the field), `solver_timeout` (no complete
 * roster found within the time limit, or cancelled), `internal` (a roster broke a rule).
 *
 * @example
 * const result = await scheduleShifts(problem, { timeLimit: 5 });
 * if (result.status === 'infeasible') console.error(result.explanation?.summary);
 * else console.log(result.objective, result.gap, result.assignments);
 */
export async function scheduleShifts(
  problem: StaffingProblem,
  options: StaffingOptions = {},
): Promise<StaffingResult> {
  const started = performance.now();
  const parsed = parseInput(staffingProblemSchema, problem, 'staffing problem');
  const parsedOptions = parseInput(staffingOptionsSchema, options, 'staffing options');
  const soft = parsedOptions.soft;
  for (const [position, preference] of (soft?.preferences ?? []).entries()) {
    const unknownEmployee = !parsed.employees.some((employee) => employee.id === preference.employeeId);
    const unknownShift =
      preference.shiftId !== undefined && !parsed.shifts.some((shift) => shift.id === preference.shiftId);
    if (
      unknownEmployee ||
      unknownShift ||
      (preference.day !== undefined && preference.day >= parsed.horizon.days)
    ) {
      const field = unknownEmployee ? 'employeeId' : unknownShift ? 'shiftId' : 'day';
      const message = `refers to no ${field === 'day' ? 'day of the horizon' : field.replace('Id', '')}`;
      throw new DyocenseError({
        code: 'invalid_input',
        message: `Invalid staffing options: soft.preferences.${position}.${field}: ${message}`,
        issues: [{ path: ['soft', 'preferences', position, field], message, code: 'custom' }],
      });
    }
  }
  const index = indexStaffingProblem(parsed);
  const pricing: StaffingModelPricing = {
    uncoveredPenaltyPerHour: soft?.uncoveredPenaltyPerHour,
    minHoursShortfallPenaltyPerHour: soft?.minHoursShortfallPenaltyPerHour,
    overtime: soft?.overtime,
    preferences: soft?.preferences,
    fairnessPenaltyPerPoint: soft?.fairnessPenaltyPerPoint,
  };
  const checkOptions = {
    allowUncovered: soft?.uncoveredPenaltyPerHour !== undefined,
    overtimeHours: soft?.overtime?.maxExtraHours ?? 0,
    allowMinHoursShortfall: soft?.minHoursShortfallPenaltyPerHour !== undefined,
  };
  const built = buildStaffingModel(index, pricing);

  const budget = (parsedOptions.timeLimit ?? defaultTimeLimit) * 1000;
  const heuristic = bestGreedyRoster(index, soft, checkOptions, started + restartShare * budget);
  const heuristicRoster = heuristic.roster;
  const heuristicObjective = heuristic.objective;
  const heuristicComplete = heuristicObjective !== null;
  const start = heuristicComplete ? built.toValues(heuristicRoster) : undefined;

  const solved = await solveLinearModel(built.model, solveOptions(parsedOptions, start, started));
  const finish = (
    status: StaffingResult['status'],
    roster: Roster,
    source: StaffingResult['source'],
    bound: number | null,
    explanation: StaffingResult['explanation'],
  ): StaffingResult => {
    const summary = summarizeRoster(index, roster, soft);
    const check = checkParsedSchedule(parsed, summary.assignments, {
      ...checkOptions,
      allowUncovered: checkOptions.allowUncovered || status === 'infeasible',
      allowMinHoursShortfall: checkOptions.allowMinHoursShortfall || status === 'infeasible',
    });
    if (!check.valid) {
      throw new DyocenseError({
        code: 'internal',
        message: `The roster breaks a staffing rule: ${check.violations[0]?.message}`,
        details: { violations: check.violations.slice(0, 20) },
      });
    }
    const cappedBound = bound === null ? null : Math.min(bound, summary.objective);
    return {
      status,
      objective: summary.objective,
      costs: summary.costs,
      bound: status === 'infeasible' ? null : cappedBound,
      gap:
        status === 'infeasible' || cappedBound === null ? null : relativeGap(summary.objective, cappedBound),
      assignments: summary.assignments,
      employees: summary.employees,
      shifts: summary.shifts,
      explanation,
      source,
      solverStatus: solved.status,
      heuristicObjective,
      timeSeconds: (performance.now() - started) / 1000,
    };
  };

  if (solved.status === 'infeasible')
    return explainInfeasible(index, parsedOptions, pricing, heuristicRoster, finish, started);
  const mipRoster = solved.values === null ? null : decode(index, built, solved.values);
  const mipObjective = mipRoster === null ? null : summarizeRoster(index, mipRoster, soft).objective;
  if (
    mipRoster !== null &&
    mipObjective !== null &&
    (heuristicObjective === null || mipObjective <= heuristicObjective + 1e-9)
  ) {
    return finish(solved.status === 'optimal' ? 'optimal' : 'feasible', mipRoster, 'mip', solved.bound, null);
  }
  if (heuristicObjective !== null)
    return finish('feasible', heuristicRoster, 'heuristic', solved.bound, null);
  throw new DyocenseError({
    code: 'solver_timeout',
    message: `No complete roster found within ${parsedOptions.timeLimit ?? defaultTimeLimit} s; raise timeLimit or allow soft coverage (soft.uncoveredPenaltyPerHour)`,
    details: { solverStatus: solved.status, bound: solved.bound },
  });
}

async function explainInfeasible(
  index: StaffingIndex,
  options: ParsedStaffingOptions,
  pricing: StaffingModelPricing,
  heuristicRoster: Roster,
  finish: (
    status: StaffingResult['status'],
    roster: Roster,
    source: StaffingResult['source'],
    bound: number | null,
    explanation: StaffingResult['explanation'],
  ) => StaffingResult,
  started: number,
): Promise<StaffingResult> {
  const { problem } = index;
  // Any uncovered staff-hour must cost more than the most expensive possible roster, so that the elastic
  // model first minimises uncovered demand and only then labour cost.
  const overtimeFactor = pricing.overtime === undefined ? 1 : pricing.overtime.multiplier;
  const worstLabour = problem.employees.reduce(
    (sum, employee) =>
      sum + employee.rate * overtimeFactor * (employee.maxHours + (pricing.overtime?.maxExtraHours ?? 0)),
    0,
  );
  const penalty = worstLabour + 1;
  const elastic = buildStaffingModel(index, {
    ...pricing,
    uncoveredPenaltyPerHour: penalty,
    minHoursShortfallPenaltyPerHour: pricing.minHoursShortfallPenaltyPerHour ?? penalty,
  });
  const start = elastic.toValues(heuristicRoster);
  const solved: SolveResult = await solveLinearModel(elastic.model, solveOptions(options, start, started));
  if (solved.values === null) {
    throw new DyocenseError({
      code: 'solver_timeout',
      message: 'No roster meets every rule, and the explanation model found no partial roster in time',
      details: { solverStatus: solved.status },
    });
  }
  const roster = decode(index, elastic, solved.values);
  const explanation = explainShortfall(index, roster, pricing.overtime?.maxExtraHours ?? 0);
  return finish('infeasible', roster, 'mip', null, explanation);
}
