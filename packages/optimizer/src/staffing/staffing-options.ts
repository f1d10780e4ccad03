import { z } from 'zod';

/** zod schema of {@link StaffingOptions}. */
export const staffingOptionsSchema = z.object({
  /** Wall-clock budget of the whole call in seconds (heuristic, model and MIP); default 10. */
  timeLimit: z.number().positive().finite().optional(),
  /** Relative gap at which the MIP stops as optimal; default 1e-4. */
  gapTolerance: z.number().min(0).max(1).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
  /** Soft rules, each paid for in the objective (currency units) instead of being hard. */
  soft: z
    .object({
      /**
       * Coverage becomes soft: each uncovered staff-hour costs this much. Without it, a roster that cannot
       * cover every shift is `infeasible` and explained.
       */
      uncoveredPenaltyPerHour: z.number().finite().positive().optional(),
      /** Allow up to `maxExtraHours` above each employee's maxHours, paid at `multiplier` x rate (default 1.5). */
      overtime: z
        .object({
          maxExtraHours: z.number().finite().positive(),
          multiplier: z.number().finite().min(1).default(1.5),
        })
        .optional(),
      /** Contracted minimum hours become soft: each hour short costs this much. */
      minHoursShortfallPenaltyPerHour: z.number().finite().positive().optional(),
      /**
       * Wishes: `avoid` pays `penalty` when the employee gets the shift (or any shift that day), `prefer` pays
       * it when they do not.
       */
      preferences: z
        .array(
          z
            .object({
              employeeId: z.string().min(1),
              shiftId: z.string().min(1).optional(),
              day: z.number().int().nonnegative().optional(),
              kind: z.enum(['prefer', 'avoid']),
              penalty: z.number().finite().positive(),
            })
            .refine((preference) => (preference.shiftId === undefined) !== (preference.day === undefined), {
              message: 'give exactly one of shiftId or day',
              path: ['shiftId'],
            }),
        )
        .optional(),
      /** Cost per percentage point between the highest and lowest utilisation (hours / maxHours). */
      fairnessPenaltyPerPoint: z.number().finite().positive().optional(),
    })
    .optional(),
});

/** Options of {@link scheduleShifts}. */
export type StaffingOptions = z.input<typeof staffingOptionsSchema>;
/** Parsed {@link StaffingOptions}. */
export type ParsedStaffingOptions = z.output<typeof staffingOptionsSchema>;
