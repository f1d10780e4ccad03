import { z } from 'zod';

const hourOfDay = z.number().finite().min(0).max(24);
const money = z.number().finite().nonnegative();

/**
 * zod schema of a one-week shift-scheduling problem, in the format of `shared/data/staffing/shift-*.json`.
 * Times are hours from 00:00 of the shift's day (`start` 17.5 = 17:30); a shift ends on its own day
 * (`end` <= 24; split overnight shifts at midnight). Cross-references (skills, unique ids, availability
 * inside the week) are checked and reported with the offending field's path.
 */
export const staffingProblemSchema = z
  .object({
    kind: z.literal('shift-scheduling').optional(),
    name: z.string().optional(),
    seed: z.number().optional(),
    horizon: z
      .object({
        days: z.number().int().min(1).max(31),
        dayNames: z.array(z.string().min(1)).optional(),
        timeUnit: z.string().optional(),
      })
      .default({ days: 7 }),
    rules: z
      .object({
        /** No two overlapping shifts for one person (always on unless set to false). */
        noOverlap: z.boolean().default(true),
        /** Minimum rest in hours between a shift and a shift on a later day. */
        minRestHours: z.number().finite().min(0).max(48).optional(),
        /** Apply `employee.maxDays`. */
        maxDaysPerWeek: z.boolean().optional(),
        /** Apply `employee.minHours` to full-time employees. */
        minHoursFullTime: z.boolean().optional(),
      })
      .default({ noOverlap: true }),
    skills: z.array(z.object({ id: z.string().min(1), baseRate: money.optional() })).min(1),
    employees: z.array(
      z.object({
        id: z.string().min(1),
        /** Pay per hour worked (currency units per hour). */
        rate: money,
        skills: z.array(z.string().min(1)),
        contract: z.enum(['full-time', 'part-time']),
        maxHours: z.number().finite().positive(),
        minHours: z.number().finite().nonnegative().default(0),
        maxDays: z.number().int().nonnegative().optional(),
        availabilityType: z.string().optional(),
        availability: z.array(
          z.object({ day: z.number().int().nonnegative(), from: hourOfDay, to: hourOfDay }),
        ),
      }),
    ),
    shifts: z
      .array(
        z.object({
          id: z.string().min(1),
          day: z.number().int().nonnegative(),
          start: hourOfDay,
          end: hourOfDay,
          /** Paid hours (at most end - start, e.g. minus an unpaid break). */
          hours: z.number().finite().positive(),
          skill: z.string().min(1),
          minStaff: z.number().int().nonnegative(),
        }),
      )
      .min(1),
    stats: z.record(z.string(), z.unknown()).optional(),
    objective: z.string().optional(),
  })
  .superRefine((problem, context) => {
    const days = problem.horizon.days;
    const skillIds = new Set(problem.skills.map((skill) => skill.id));
    const issue = (path: PropertyKey[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    if (skillIds.size !== problem.skills.length) issue(['skills'], 'skill ids must be unique');
    if (problem.horizon.dayNames !== undefined && problem.horizon.dayNames.length < days) {
      issue(['horizon', 'dayNames'], `needs ${days} names`);
    }
    const employeeIds = new Set<string>();
    problem.employees.forEach((employee, index) => {
      if (employeeIds.has(employee.id))
        issue(['employees', index, 'id'], `duplicate employee id '${employee.id}'`);
      employeeIds.add(employee.id);
      employee.skills.forEach((skill, skillIndex) => {
        if (!skillIds.has(skill))
          issue(['employees', index, 'skills', skillIndex], `unknown skill '${skill}'`);
      });
      if (employee.minHours > employee.maxHours) {
        issue(['employees', index, 'minHours'], `exceeds maxHours (${employee.maxHours})`);
      }
      if (employee.maxDays !== undefined && employee.maxDays > days) {
        issue(['employees', index, 'maxDays'], `exceeds the ${days} days of the horizon`);
      }
      employee.availability.forEach((window, windowIndex) => {
        if (window.day >= days) {
          issue(
            ['employees', index, 'availability', windowIndex, 'day'],
            `is outside the ${days}-day horizon`,
          );
        }
        if (window.from >= window.to) {
          issue(['employees', index, 'availability', windowIndex, 'to'], 'must be after from');
        }
      });
    });
    const shiftIds = new Set<string>();
    problem.shifts.forEach((shift, index) => {
      if (shiftIds.has(shift.id)) issue(['shifts', index, 'id'], `duplicate shift id '${shift.id}'`);
      shiftIds.add(shift.id);
      if (shift.day >= days) issue(['shifts', index, 'day'], `is outside the ${days}-day horizon`);
      if (!skillIds.has(shift.skill)) issue(['shifts', index, 'skill'], `unknown skill '${shift.skill}'`);
      if (shift.end <= shift.start)
        issue(['shifts', index, 'end'], 'must be after start (split overnight shifts)');
      else if (shift.hours > shift.end - shift.start + 1e-9) {
        issue(['shifts', index, 'hours'], `exceeds the shift length (${shift.end - shift.start} h)`);
      }
    });
  });

/** A shift-scheduling problem as accepted by {@link scheduleShifts} (input shape). */
export type StaffingProblem = z.input<typeof staffingProblemSchema>;
/** A validated problem with defaults applied. */
export type ParsedStaffingProblem = z.output<typeof staffingProblemSchema>;
/** One employee of a parsed problem. */
export type StaffingEmployee = ParsedStaffingProblem['employees'][number];
/** One shift of a parsed problem. */
export type StaffingShift = ParsedStaffingProblem['shifts'][number];
