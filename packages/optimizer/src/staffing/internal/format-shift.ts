import type { ParsedStaffingProblem, StaffingShift } from '../staffing-problem.js';

function formatHour(hours: number): string {
  const minutes = Math.round(hours * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `Sat 17:00–23:00` (day names from the problem's horizon, else `Day 6`). */
export function formatShift(problem: ParsedStaffingProblem, shift: StaffingShift): string {
  const day = problem.horizon.dayNames?.[shift.day] ?? `Day ${shift.day + 1}`;
  return `${day} ${formatHour(shift.start)}–${formatHour(shift.end)}`;
}

/** Naive English plural of a skill used as a role noun ("cook" -> "cooks"). */
export function pluralRole(skill: string, count: number): string {
  return count === 1 ? skill : `${skill}s`;
}
