import { z } from 'zod';

/** One decision variable of a {@link LinearModel}. */
export interface LinearVariable {
  /** Name used in diagnostics and LP text; letters, digits and `_.[]` keep LP files portable. */
  readonly name: string;
  /** Lower bound; default 0. Use `-Infinity` for a free variable. */
  readonly lower?: number;
  /** Upper bound; default `Infinity`. */
  readonly upper?: number;
  /** Restrict to whole numbers (binary = integer with bounds 0..1). Default false. */
  readonly integer?: boolean;
  /** Objective coefficient; default 0. */
  readonly cost?: number;
}

/** One coefficient of a constraint: `coefficient * variables[variable]`. */
export interface LinearTerm {
  /** Index into {@link LinearModel.variables}. */
  readonly variable: number;
  readonly coefficient: number;
}

/** A row `lower <= sum(terms) <= upper`; omit a side for a one-sided row, set both equal for an equality. */
export interface LinearConstraint {
  readonly name: string;
  readonly terms: readonly LinearTerm[];
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * A mixed-integer linear model: optimise `offset + sum(cost * x)` over variables with bounds and
 * integrality, subject to two-sided linear rows. Solver-neutral; build it with
 * {@link createLinearModelBuilder} or as a plain object.
 */
export interface LinearModel {
  readonly sense: 'minimize' | 'maximize';
  readonly variables: readonly LinearVariable[];
  readonly constraints: readonly LinearConstraint[];
  /** Constant added to the objective; default 0. */
  readonly objectiveOffset?: number;
}

const finite = z.number().finite();
const lowerBound = z.number().refine((value) => value !== Number.POSITIVE_INFINITY, 'must not be +Infinity');
const upperBound = z.number().refine((value) => value !== Number.NEGATIVE_INFINITY, 'must not be -Infinity');

/** zod schema of {@link LinearModel}, including cross-checks (term indices, bound order). */
export const linearModelSchema = z
  .object({
    sense: z.enum(['minimize', 'maximize']),
    variables: z.array(
      z
        .object({
          name: z.string().min(1),
          lower: lowerBound.optional(),
          upper: upperBound.optional(),
          integer: z.boolean().optional(),
          cost: finite.optional(),
        })
        .refine((variable) => (variable.lower ?? 0) <= (variable.upper ?? Number.POSITIVE_INFINITY), {
          message: 'lower bound exceeds upper bound',
          path: ['upper'],
        }),
    ),
    constraints: z.array(
      z
        .object({
          name: z.string().min(1),
          terms: z.array(z.object({ variable: z.number().int().nonnegative(), coefficient: finite })),
          lower: lowerBound.optional(),
          upper: upperBound.optional(),
        })
        .refine((row) => (row.lower ?? Number.NEGATIVE_INFINITY) <= (row.upper ?? Number.POSITIVE_INFINITY), {
          message: 'lower side exceeds upper side',
          path: ['upper'],
        }),
    ),
    objectiveOffset: finite.optional(),
  })
  .superRefine((model, context) => {
    const count = model.variables.length;
    model.constraints.forEach((row, rowIndex) => {
      row.terms.forEach((term, termIndex) => {
        if (term.variable >= count) {
          context.addIssue({
            code: 'custom',
            path: ['constraints', rowIndex, 'terms', termIndex, 'variable'],
            message: `refers to variable ${term.variable} but the model has ${count}`,
          });
        }
      });
    });
  });
