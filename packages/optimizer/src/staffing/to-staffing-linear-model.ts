import { parseInput } from '@dyocense/core';
import type { LinearModel } from '../solver/linear-model.js';
import { buildStaffingModel } from './internal/build-staffing-model.js';
import { indexStaffingProblem } from './internal/staffing-index.js';
import { type StaffingOptions, staffingOptionsSchema } from './staffing-options.js';
import { type StaffingProblem, staffingProblemSchema } from './staffing-problem.js';

/**
 * The exact MIP that {@link scheduleShifts} solves, as a solver-neutral {@link LinearModel}: for running it
 * through another solver (e.g. `toLpText` and CBC) or inspecting its size. Variables are named
 * `x[employee,shift]`, `works[employee,day]`, `overtime[...]`, `uncovered[...]`.
 *
 * @throws DyocenseError `invalid_input` naming the field.
 */
export function toStaffingLinearModel(problem: StaffingProblem, options: StaffingOptions = {}): LinearModel {
  const parsed = parseInput(staffingProblemSchema, problem, 'staffing problem');
  const soft = parseInput(staffingOptionsSchema, options, 'staffing options').soft;
  return buildStaffingModel(indexStaffingProblem(parsed), {
    uncoveredPenaltyPerHour: soft?.uncoveredPenaltyPerHour,
    minHoursShortfallPenaltyPerHour: soft?.minHoursShortfallPenaltyPerHour,
    overtime: soft?.overtime,
    preferences: soft?.preferences,
    fairnessPenaltyPerPoint: soft?.fairnessPenaltyPerPoint,
  }).model;
}
