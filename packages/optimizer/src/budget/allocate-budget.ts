import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { LinearModel } from '../solver/linear-model.js';
import { createLinearModelBuilder } from '../solver/linear-model-builder.js';
import { solve } from '../solver/solve.js';
import { fitResponseCurve } from './fit-response-curve.js';
import {
  evaluateResponse,
  marginalResponse,
  type ResponseCurve,
  responseCurveSchema,
} from './response-curve.js';

const money = z.number().finite().nonnegative();

/** zod schema of a budget allocation problem (money in `currency`). */
export const budgetProblemSchema = z
  .object({
    kind: z.literal('budget-allocation').optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
      .default('USD'),
    /** Money to spread over the channels. */
    totalBudget: money,
    /**
     * `return` maximises total expected return within the budget; `net-return` maximises return minus spend, so
     * money stays unspent where the next unit returns less than it costs. Default `return`.
     */
    objective: z.enum(['return', 'net-return']).default('return'),
    /** Straight segments per channel curve in the LP; default 20. */
    segments: z.number().int().min(1).max(500).default(20),
    channels: z
      .array(
        z
          .object({
            id: z.string().min(1),
            /** Least spend on this channel. */
            min: money.default(0),
            /** Most spend on this channel; default the total budget. */
            max: money.optional(),
            /** The response curve, or `history` to fit a log curve from. */
            response: responseCurveSchema.optional(),
            history: z.array(z.object({ spend: money, return: z.number().finite() })).optional(),
          })
          .refine((channel) => (channel.response === undefined) !== (channel.history === undefined), {
            path: ['response'],
            message: 'give exactly one of response and history',
          })
          .refine((channel) => channel.max === undefined || channel.max >= channel.min, {
            path: ['max'],
            message: 'max must be at least min',
          }),
      )
      .min(1),
  })
  .superRefine((problem, context) => {
    const seen = new Set<string>();
    problem.channels.forEach((channel, index) => {
      if (seen.has(channel.id)) {
        context.addIssue({
          code: 'custom',
          path: ['channels', index, 'id'],
          message: `duplicate id "${channel.id}"`,
        });
      }
      seen.add(channel.id);
    });
  });

/** Input of {@link allocateBudget}. */
export type BudgetProblem = z.input<typeof budgetProblemSchema>;

/** One channel's share of the budget (currency). */
export interface ChannelAllocation {
  readonly channelId: string;
  readonly spend: number;
  /** Expected return of `spend` on the channel's curve. */
  readonly expectedReturn: number;
  /** Expected return per unit spent, expectedReturn / spend (null at zero spend). */
  readonly averageRoi: number | null;
  /** Return of the next unit of money on this channel, the curve's slope at `spend`. */
  readonly marginalRoi: number;
  /** The curve used (fitted from history when none was given). */
  readonly curve: ResponseCurve;
  /** `min` or `max` when the allocation sits at that limit. */
  readonly atLimit: 'min' | 'max' | null;
}

/** Result of {@link allocateBudget}. */
export interface BudgetAllocation {
  readonly status: 'optimal';
  readonly currency: string;
  readonly totalBudget: number;
  readonly allocated: number;
  /** Σ expected return on the exact curves. */
  readonly expectedReturn: number;
  /** The LP's piecewise-linear value of the same allocation (a lower bound on the exact curves). */
  readonly approximateReturn: number;
  /** Extra objective per extra unit of budget (LP shadow price of the budget row); 0 when money is left over. */
  readonly budgetShadowPrice: number;
  readonly channels: readonly ChannelAllocation[];
  readonly explanation: readonly string[];
}

const formatMoney = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);

/**
 * Spreads a marketing budget over channels with concave response curves (given, or a·ln(1 + x/b) fitted to each
 * channel's history), within per-channel minimum and maximum spend: each curve is cut into `segments` chords
 * between min and max and the resulting LP is solved with HiGHS. At the optimum the marginal returns of channels
 * strictly inside their limits are (up to the chord width) equal.
 *
 * @throws DyocenseError `invalid_input` naming the field; `infeasible` when the channel minimums exceed the total
 * budget (the message says by how much).
 * @example
 * const plan = await allocateBudget({ totalBudget: 1000, channels: [
 *   { id: 'search', max: 1000, response: { type: 'log', a: 200, b: 100 } },
 *   { id: 'social', max: 1000, response: { type: 'log', a: 100, b: 100 } },
 * ] });
 * plan.channels.map((channel) => channel.spend); // ≈ [700, 300]
 */
export async function allocateBudget(
  problem: BudgetProblem,
  options: { readonly timeLimit?: number; readonly signal?: AbortSignal } = {},
): Promise<BudgetAllocation> {
  const parsed = parseInput(budgetProblemSchema, problem, 'budget allocation problem');
  const minimums = parsed.channels.reduce((total, channel) => total + channel.min, 0);
  if (minimums > parsed.totalBudget * (1 + 1e-12)) {
    const money = (amount: number) => formatMoney(amount, parsed.currency);
    throw new DyocenseError({
      code: 'infeasible',
      message: `the channel minimums add up to ${money(minimums)}, ${money(minimums - parsed.totalBudget)} more than the total budget of ${money(parsed.totalBudget)}`,
      details: { minimums, totalBudget: parsed.totalBudget },
    });
  }
  const curves = parsed.channels.map((channel) =>
    channel.response !== undefined ? channel.response : fitResponseCurve(channel.history ?? []).curve,
  );
  const net = parsed.objective === 'net-return' ? 1 : 0;
  const builder = createLinearModelBuilder('maximize');
  const columns = parsed.channels.map((channel, index) => {
    const curve = curves[index] as ResponseCurve;
    const upper = Math.max(channel.min, Math.min(channel.max ?? parsed.totalBudget, parsed.totalBudget));
    const width = (upper - channel.min) / parsed.segments;
    if (width <= 0) return { width: 0, variables: [] as number[] };
    const variables: number[] = [];
    for (let segment = 0; segment < parsed.segments; segment++) {
      const from = channel.min + segment * width;
      const slope = (evaluateResponse(curve, from + width) - evaluateResponse(curve, from)) / width;
      variables.push(
        builder.addVariable({ name: `spend_${index}_${segment}`, upper: width, cost: slope - net }),
      );
    }
    return { width, variables };
  });
  const free = parsed.totalBudget - minimums;
  const budgetRow = builder.addConstraint({
    name: 'budget',
    terms: columns.flatMap((column) => column.variables.map((variable) => ({ variable, coefficient: 1 }))),
    upper: free,
  });
  const model = builder.build();
  const solveOptions = {
    timeLimit: options.timeLimit ?? 10,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const result = model.variables.length === 0 ? null : await solve(model, solveOptions);
  const values = result?.values ?? new Array<number>(model.variables.length).fill(0);
  const objective = result?.objective ?? 0;

  let budgetShadowPrice = 0;
  const used = values.reduce((total, value) => total + value, 0);
  if (result !== null && used >= free - 1e-7 * Math.max(1, free)) {
    const step = 1e-4 * Math.max(1, parsed.totalBudget);
    const relaxed: LinearModel = {
      ...model,
      constraints: model.constraints.map((row, index) =>
        index === budgetRow ? { ...row, upper: free + step } : row,
      ),
    };
    const moved = await solve(relaxed, solveOptions);
    budgetShadowPrice = Math.max(0, ((moved.objective ?? objective) - objective) / step);
  }

  let approximateReturn = 0;
  const channels = parsed.channels.map((channel, index): ChannelAllocation => {
    const curve = curves[index] as ResponseCurve;
    const column = columns[index] as { width: number; variables: number[] };
    const extra = column.variables.reduce((total, variable) => total + (values[variable] ?? 0), 0);
    const spend = channel.min + Math.max(0, extra);
    approximateReturn +=
      evaluateResponse(curve, channel.min) +
      column.variables.reduce(
        (total, variable) => total + (values[variable] ?? 0) * ((model.variables[variable]?.cost ?? 0) + net),
        0,
      );
    const expectedReturn = evaluateResponse(curve, spend);
    const upper = Math.min(channel.max ?? parsed.totalBudget, parsed.totalBudget);
    const tolerance = 1e-7 * Math.max(1, parsed.totalBudget);
    return {
      channelId: channel.id,
      spend,
      expectedReturn,
      averageRoi: spend > 0 ? expectedReturn / spend : null,
      marginalRoi: marginalResponse(curve, spend),
      curve,
      atLimit: spend <= channel.min + tolerance ? 'min' : spend >= upper - tolerance ? 'max' : null,
    };
  });
  const allocated = channels.reduce((total, channel) => total + channel.spend, 0);
  const expectedReturn = channels.reduce((total, channel) => total + channel.expectedReturn, 0);
  const money = (amount: number) => formatMoney(amount, parsed.currency);
  const explanation = [
    `Spend ${money(allocated)} of ${money(parsed.totalBudget)} for an expected return of ${money(expectedReturn)}.`,
    ...channels.map(
      (channel) =>
        `${channel.channelId}: ${money(channel.spend)}${channel.atLimit === null ? '' : ` (at its ${channel.atLimit})`}, expected return ${money(channel.expectedReturn)}, next ${money(1)} returns ${money(channel.marginalRoi)}.`,
    ),
    budgetShadowPrice > 0
      ? `One more ${money(100)} of budget would add about ${money(100 * budgetShadowPrice)}${net === 1 ? ' of net return' : ' of return'}.`
      : 'More budget would not add return: every channel is at its maximum or past the point where spend pays.',
  ];
  return {
    status: 'optimal',
    currency: parsed.currency,
    totalBudget: parsed.totalBudget,
    allocated,
    expectedReturn,
    approximateReturn,
    budgetShadowPrice,
    channels,
    explanation,
  };
}
