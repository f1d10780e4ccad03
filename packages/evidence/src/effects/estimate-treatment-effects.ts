import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { leastSquares } from '../internal/linear-algebra/least-squares.js';
import { createSeededRandom, percentile } from '../internal/random/seeded-random.js';
import { fitLogistic } from './internal/fit-logistic.js';
import { matchNearest } from './internal/match-nearest.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number (no NaN or Infinity)');

const inputSchema = z
  .object({
    /** 1 for treated units (got the coupon), 0 for the others. */
    treatment: z.array(z.union([z.literal(0), z.literal(1)])).min(1),
    /** The outcome per unit, e.g. revenue in the next 90 days. */
    outcome: z.array(finite).min(1),
    /** Pre-treatment covariates (confounders) by name: they drive both treatment and outcome. */
    covariates: z.record(z.string().min(1), z.array(finite)),
    /** Covariates whose effect on the outcome may differ with treatment (treatment × covariate terms in the regression). */
    interactions: z.array(z.string()).default([]),
    /** Matching caliper in standard deviations of the logit propensity. Default 0.2. */
    caliper: z.number().positive().default(0.2),
    /** Propensities outside [lower, upper] make weighting refuse. Default [0.05, 0.95]. */
    overlapBounds: z.tuple([z.number().gt(0).lt(0.5), z.number().gt(0.5).lt(1)]).default([0.05, 0.95]),
    /** Report IPW estimates even when overlap fails (with a warning). Default false. */
    allowExtremeWeights: z.boolean().default(false),
    /** Bootstrap resamples for percentile intervals. Default 200; 0 skips intervals. */
    bootstrap: z.number().int().min(0).max(10_000).default(200),
    level: z.number().gt(0.5).lt(1).default(0.95),
    seed: z.number().int().default(1),
  })
  .superRefine((input, context) => {
    const n = input.treatment.length;
    if (input.outcome.length !== n) {
      context.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: `has ${input.outcome.length} values, treatment has ${n}`,
      });
    }
    for (const [name, values] of Object.entries(input.covariates)) {
      if (values.length !== n) {
        context.addIssue({
          code: 'custom',
          path: ['covariates', name],
          message: `has ${values.length} values, treatment has ${n}`,
        });
      }
    }
    for (const name of input.interactions) {
      if (!Object.hasOwn(input.covariates, name)) {
        context.addIssue({ code: 'custom', path: ['interactions'], message: `${name} is not a covariate` });
      }
    }
  });

/** Input of {@link estimateTreatmentEffects}. */
export type TreatmentEffectsInput = z.input<typeof inputSchema>;

/** A point estimate with a bootstrap percentile interval (null bounds when `bootstrap` is 0). */
export interface EffectEstimate {
  readonly estimand: 'ATE' | 'ATT' | 'difference';
  readonly estimate: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** A weighting estimate that was not computed, and why. */
export interface RefusedEstimate {
  readonly refused: string;
}

/** Overlap diagnostics of the propensity scores. */
export interface OverlapDiagnostics {
  readonly propensityRange: readonly [number, number];
  /** Largest single unit's share of the total inverse-propensity weight in its group (ATE weights). */
  readonly maxNormalisedWeight: number;
  /** Standardised mean differences treated vs untreated, raw and after ATE weighting; below 0.1 is balanced. */
  readonly standardisedMeanDifferences: Readonly<
    Record<string, { readonly raw: number; readonly weighted: number }>
  >;
  /** True when some propensity falls outside `overlapBounds`. */
  readonly extreme: boolean;
  readonly message: string;
}

/** Result of {@link estimateTreatmentEffects}. */
export interface TreatmentEffects {
  readonly treated: number;
  readonly untreated: number;
  /** Difference in mean outcomes, treated minus untreated: confounded, shown for contrast. */
  readonly naive: EffectEstimate;
  /** Outcome regression on treatment, covariates and the interactions, averaged over all units. */
  readonly regressionAdjustment: EffectEstimate;
  /** Hajek (normalised) inverse-propensity weighting. */
  readonly ipwAte: EffectEstimate | RefusedEstimate;
  /** Treated mean minus odds-weighted untreated mean. */
  readonly ipwAtt: EffectEstimate | RefusedEstimate;
  /**
   * 1:1 nearest-neighbour matching on the logit propensity with replacement, within the caliper; equally near
   * untreated units are averaged (Abadie–Imbens, R `Matching::Match(ties = TRUE)`).
   */
  readonly matchingAtt: (EffectEstimate & { readonly matchedShare: number }) | RefusedEstimate;
  readonly propensityModel: {
    readonly coefficients: Readonly<Record<string, number>>;
    readonly iterations: number;
  };
  readonly overlap: OverlapDiagnostics;
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
}

interface PointEstimates {
  naive: number;
  regression: number;
  ipwAte: number;
  ipwAtt: number;
  matching: number;
  matchedShare: number;
}

function fail(message: string, code: 'invalid_input' | 'insufficient_data' = 'invalid_input'): DyocenseError {
  return new DyocenseError({ code, message });
}

function estimatePoints(
  indices: Int32Array,
  treatment: readonly number[],
  outcome: readonly number[],
  covariates: readonly (readonly number[])[],
  interactions: readonly number[],
  caliper: number,
):
  | { points: PointEstimates; propensities: Float64Array; coefficients: Float64Array; iterations: number }
  | string {
  const n = indices.length;
  const t = Float64Array.from(indices, (index) => treatment[index] as number);
  const y = Float64Array.from(indices, (index) => outcome[index] as number);
  const columns = covariates.map((values) => Float64Array.from(indices, (index) => values[index] as number));
  let treatedCount = 0;
  for (const value of t) treatedCount += value;
  if (treatedCount < 2 || n - treatedCount < 2) return 'fewer than two treated or two untreated units';
  const logistic = fitLogistic(columns, t);
  if ('failure' in logistic) return logistic.failure;
  const e = logistic.probabilities;

  // Naive difference and the weighting estimators.
  let treatedSum = 0;
  let untreatedSum = 0;
  let a = 0;
  let aw = 0;
  let b = 0;
  let bw = 0;
  let c = 0;
  let cw = 0;
  for (let i = 0; i < n; i++) {
    const p = e[i] as number;
    const value = y[i] as number;
    if (t[i] === 1) {
      treatedSum += value;
      a += value / p;
      aw += 1 / p;
    } else {
      untreatedSum += value;
      b += value / (1 - p);
      bw += 1 / (1 - p);
      c += (value * p) / (1 - p);
      cw += p / (1 - p);
    }
  }
  const treatedMean = treatedSum / treatedCount;
  const naive = treatedMean - untreatedSum / (n - treatedCount);

  // Regression adjustment: y ~ 1 + T + X + T·X_interactions, then the mean of predicted(T=1) − predicted(T=0).
  const k = columns.length;
  const m = 2 + k + interactions.length;
  const design = new Float64Array(n * m);
  design.fill(1, 0, n);
  design.set(t, n);
  columns.forEach((column, j) => {
    design.set(column, (2 + j) * n);
  });
  interactions.forEach((covariate, j) => {
    const column = columns[covariate] as Float64Array;
    for (let i = 0; i < n; i++) design[(2 + k + j) * n + i] = (t[i] as number) * (column[i] as number);
  });
  const fit = leastSquares(design, n, m, y);
  if (fit.qr.dependentColumn >= 0)
    return 'the outcome regression is collinear (a covariate is constant or duplicated)';
  let regression = fit.coefficients[1] as number;
  interactions.forEach((covariate, j) => {
    const column = columns[covariate] as Float64Array;
    let mean = 0;
    for (const value of column) mean += value;
    regression += ((fit.coefficients[2 + k + j] as number) * mean) / n;
  });

  // Matching on the logit propensity, within `caliper` population standard deviations of it.
  const logit = Float64Array.from(e, (p) => Math.log(p / (1 - p)));
  let mean = 0;
  for (const value of logit) mean += value;
  mean /= n;
  let variance = 0;
  for (const value of logit) variance += (value - mean) ** 2;
  // Equally near untreated units are averaged, so the answer does not depend on row order.
  const matching = matchNearest(logit, t, y, caliper * Math.sqrt(variance / n), 'average');
  return {
    points: {
      naive,
      regression,
      ipwAte: a / aw - b / bw,
      ipwAtt: treatedMean - c / cw,
      matching: matching.att,
      matchedShare: matching.matched / treatedCount,
    },
    propensities: e,
    coefficients: logistic.coefficients,
    iterations: logistic.iterations,
  };
}

/**
 * Estimates the effect of a treatment (a coupon, a programme) from an observational table where treatment was
 * not random, adjusting for the given confounders in four ways: regression adjustment (ATE), Hajek
 * inverse-propensity weighting (ATE and ATT), and 1:1 nearest-neighbour caliper matching on the logit propensity
 * (ATT). The propensity is a logistic regression on the covariates fitted by IRLS. Intervals are seeded
 * bootstrap percentiles (units resampled, everything refitted).
 *
 * Overlap decides whether weighting is trustworthy: when some propensity falls outside `overlapBounds`, a few
 * units carry huge weights and IPW intervals undercover, so the IPW estimates are refused with the reason
 * (unless `allowExtremeWeights`), while regression adjustment and matching are still reported.
 *
 * Assumes no unmeasured confounding: every common cause of treatment and outcome is among the covariates.
 *
 * @throws DyocenseError `invalid_input` for misaligned columns, NaN, unknown interaction names, collinear covariates
 * or perfectly separated groups; `insufficient_data` with fewer than two treated or untreated units.
 * @example
 * const effects = estimateTreatmentEffects({ treatment, outcome, covariates: { tenure, past_orders, engaged },
 *   interactions: ['engaged'] });
 * effects.regressionAdjustment; // { estimand: 'ATE', estimate, lower, upper }
 */
export function estimateTreatmentEffects(input: TreatmentEffectsInput): TreatmentEffects {
  const options = parseInput(inputSchema, input, 'treatment effects input');
  const n = options.treatment.length;
  const names = Object.keys(options.covariates);
  const covariates = names.map((name) => options.covariates[name] as number[]);
  const interactions = options.interactions.map((name) => names.indexOf(name));
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const treatedCount = options.treatment.reduce<number>((sum, value) => sum + value, 0);
  if (treatedCount < 2 || n - treatedCount < 2) {
    throw fail(
      `Need at least two treated and two untreated units, got ${treatedCount} and ${n - treatedCount}`,
      'insufficient_data',
    );
  }
  if (n < names.length + interactions.length + 4) {
    throw fail(`Too few units (${n}) for ${names.length} covariates`, 'insufficient_data');
  }
  const main = estimatePoints(
    all,
    options.treatment,
    options.outcome,
    covariates,
    interactions,
    options.caliper,
  );
  if (typeof main === 'string') throw fail(`Cannot estimate the effects: ${main}`);
  const { points, propensities } = main;

  const [lowerBound, upperBound] = options.overlapBounds;
  let minimum = 1;
  let maximum = 0;
  let treatedWeight = 0;
  let untreatedWeight = 0;
  let largestTreated = 0;
  let largestUntreated = 0;
  for (let i = 0; i < n; i++) {
    const p = propensities[i] as number;
    minimum = Math.min(minimum, p);
    maximum = Math.max(maximum, p);
    if (options.treatment[i] === 1) {
      treatedWeight += 1 / p;
      largestTreated = Math.max(largestTreated, 1 / p);
    } else {
      untreatedWeight += 1 / (1 - p);
      largestUntreated = Math.max(largestUntreated, 1 / (1 - p));
    }
  }
  const extreme = minimum < lowerBound || maximum > upperBound;
  const standardisedMeanDifferences = Object.fromEntries(
    names.map((name, index) => [
      name,
      balance(covariates[index] as number[], options.treatment, propensities),
    ]),
  );
  const overlapMessage = extreme
    ? `Propensities range from ${minimum.toFixed(3)} to ${maximum.toFixed(3)}, outside [${lowerBound}, ${upperBound}]: some units were almost certain to be (or not be) treated, so a handful of them would dominate any weighting estimate`
    : `Propensities range from ${minimum.toFixed(3)} to ${maximum.toFixed(3)}: overlap is adequate for weighting`;

  const draws = options.bootstrap;
  const random = createSeededRandom(options.seed);
  const samples: Record<keyof Omit<PointEstimates, 'matchedShare'>, number[]> = {
    naive: [],
    regression: [],
    ipwAte: [],
    ipwAtt: [],
    matching: [],
  };
  let failedDraws = 0;
  for (let draw = 0; draw < draws; draw++) {
    const indices = Int32Array.from({ length: n }, () => random.integer(n));
    const result = estimatePoints(
      indices,
      options.treatment,
      options.outcome,
      covariates,
      interactions,
      options.caliper,
    );
    if (typeof result === 'string') {
      failedDraws++;
      continue;
    }
    for (const key of Object.keys(samples) as (keyof typeof samples)[]) {
      const value = result.points[key];
      if (Number.isFinite(value)) samples[key].push(value);
    }
  }
  const tail = (1 - options.level) / 2;
  const interval = (key: keyof typeof samples, estimand: EffectEstimate['estimand']): EffectEstimate => {
    const sorted = samples[key].sort((left, right) => left - right);
    const estimate = points[key];
    if (sorted.length < 2) return { estimand, estimate, lower: null, upper: null };
    return { estimand, estimate, lower: percentile(sorted, tail), upper: percentile(sorted, 1 - tail) };
  };
  const warnings: string[] = [];
  if (failedDraws > 0)
    warnings.push(`${failedDraws} of ${draws} bootstrap resamples could not be fitted and were skipped`);
  if (extreme && options.allowExtremeWeights)
    warnings.push(`Weighting estimates reported despite poor overlap. ${overlapMessage}`);
  if (points.matchedShare < 0.9) {
    warnings.push(
      `Only ${(points.matchedShare * 100).toFixed(1)}% of treated units found a match within the caliper: the matching ATT describes the matched ones`,
    );
  }
  const refuseWeighting = extreme && !options.allowExtremeWeights;
  const refused = { refused: `Weighting refused. ${overlapMessage}. Use regression adjustment or matching.` };
  const matching = interval('matching', 'ATT');
  return {
    treated: treatedCount,
    untreated: n - treatedCount,
    naive: interval('naive', 'difference'),
    regressionAdjustment: interval('regression', 'ATE'),
    ipwAte: refuseWeighting ? refused : interval('ipwAte', 'ATE'),
    ipwAtt: refuseWeighting ? refused : interval('ipwAtt', 'ATT'),
    matchingAtt:
      points.matchedShare > 0
        ? { ...matching, matchedShare: points.matchedShare }
        : { refused: 'No treated unit has an untreated unit within the caliper: the groups do not overlap' },
    propensityModel: {
      coefficients: Object.fromEntries(
        ['intercept', ...names].map((name, index) => [name, main.coefficients[index] as number]),
      ),
      iterations: main.iterations,
    },
    overlap: {
      propensityRange: [minimum, maximum],
      maxNormalisedWeight: Math.max(largestTreated / treatedWeight, largestUntreated / untreatedWeight),
      standardisedMeanDifferences,
      extreme,
      message: overlapMessage,
    },
    assumptions: [
      `No unmeasured confounding: every common cause of treatment and outcome is among ${names.join(', ') || 'the covariates'}`,
      'Covariates were measured before the treatment',
    ],
    warnings,
  };
}

function balance(
  values: readonly number[],
  treatment: readonly number[],
  propensities: Float64Array,
): { raw: number; weighted: number } {
  const moments = (weightOf: (i: number) => number) => {
    const sums = [0, 0, 0, 0, 0, 0]; // weight, sum, sum of squares, for treated then untreated
    values.forEach((value, i) => {
      const offset = treatment[i] === 1 ? 0 : 3;
      const weight = weightOf(i);
      sums[offset] = (sums[offset] as number) + weight;
      sums[offset + 1] = (sums[offset + 1] as number) + weight * value;
      sums[offset + 2] = (sums[offset + 2] as number) + weight * value * value;
    });
    const meanTreated = (sums[1] as number) / (sums[0] as number);
    const meanUntreated = (sums[4] as number) / (sums[3] as number);
    const varianceTreated = Math.max(0, (sums[2] as number) / (sums[0] as number) - meanTreated ** 2);
    const varianceUntreated = Math.max(0, (sums[5] as number) / (sums[3] as number) - meanUntreated ** 2);
    const pooled = Math.sqrt((varianceTreated + varianceUntreated) / 2);
    return pooled > 0 ? (meanTreated - meanUntreated) / pooled : 0;
  };
  return {
    raw: moments(() => 1),
    weighted: moments((i) => {
      const p = propensities[i] as number;
      return treatment[i] === 1 ? 1 / p : 1 / (1 - p);
    }),
  };
}
