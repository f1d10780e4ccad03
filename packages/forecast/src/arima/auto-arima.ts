import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import type { ArimaModel } from './internal/arima-model.js';
import { type ArmaOrders, rootsOutsideRadius } from './internal/arima-parameters.js';
import type { ArimaEstimate } from './internal/estimate-arima.js';
import { leastSquares } from './internal/least-squares.js';
import { fitResolvedArima, toRegressorColumns, toSeries } from './internal/resolve-arima.js';
import {
  countDifferences,
  countSeasonalDifferences,
  differenceSeries,
  isConstant,
} from './internal/unit-root-tests.js';

/** Options of {@link autoArima}; defaults are those of R's `forecast::auto.arima`. */
export interface AutoArimaOptions {
  /** Observations per season; default 1 (non-seasonal). */
  readonly seasonPeriod?: number;
  /** Order of first differencing; chosen by repeated KPSS tests when omitted. */
  readonly d?: number;
  /** Order of seasonal differencing; chosen by the seasonal-strength test when omitted. */
  readonly seasonalD?: number;
  /** Default 5. */
  readonly maxP?: number;
  /** Default 5. */
  readonly maxQ?: number;
  /** Default 2. */
  readonly maxSeasonalP?: number;
  /** Default 2. */
  readonly maxSeasonalQ?: number;
  /** Largest p + q + P + Q in the exhaustive search (`stepwise: false`); default 5. */
  readonly maxOrder?: number;
  /** Default 2. */
  readonly maxD?: number;
  /** Default 1. */
  readonly maxSeasonalD?: number;
  /** Only stationary models (d = D = 0). Default false. */
  readonly stationary?: boolean;
  /** Consider seasonal models. Default true. */
  readonly seasonal?: boolean;
  /** Selection criterion; default `'aicc'` (`'aic'` when the series has 3 or fewer points). */
  readonly ic?: 'aicc' | 'aic' | 'bic';
  /** Hyndman–Khandakar stepwise search (default true) or an exhaustive search up to `maxOrder`. */
  readonly stepwise?: boolean;
  /** Cap on the number of models the stepwise search fits; default 94. */
  readonly maxModels?: number;
  /** Rank models by CSS fits and refit the winner by ML; default `n > 150 || seasonPeriod > 12`. */
  readonly approximation?: boolean;
  /** Allow a drift term when d + D = 1. Default true. */
  readonly allowDrift?: boolean;
  /** Allow a mean when d + D = 0. Default true. */
  readonly allowMean?: boolean;
  /** Regressors (one row per observation): regression with ARIMA errors. */
  readonly xreg?: readonly (readonly number[])[];
  readonly xregNames?: readonly string[];
  /** Future regressor rows for `forecast(horizon, levels)`. */
  readonly futureXreg?: readonly (readonly number[])[];
}

const count = z.number().int().min(0);
const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');
const optionsSchema = z.object({
  seasonPeriod: z.number().int().min(1).max(10_000).optional(),
  d: z.number().int().min(0).max(2).optional(),
  seasonalD: z.number().int().min(0).max(1).optional(),
  maxP: count.max(20).optional(),
  maxQ: count.max(20).optional(),
  maxSeasonalP: count.max(5).optional(),
  maxSeasonalQ: count.max(5).optional(),
  maxOrder: count.max(40).optional(),
  maxD: count.max(2).optional(),
  maxSeasonalD: count.max(1).optional(),
  stationary: z.boolean().optional(),
  seasonal: z.boolean().optional(),
  ic: z.enum(['aicc', 'aic', 'bic']).optional(),
  stepwise: z.boolean().optional(),
  maxModels: z.number().int().min(1).max(1000).optional(),
  approximation: z.boolean().optional(),
  allowDrift: z.boolean().optional(),
  allowMean: z.boolean().optional(),
  xreg: z.array(z.array(finiteNumber)).optional(),
  xregNames: z.array(z.string().min(1)).optional(),
  futureXreg: z.array(z.array(finiteNumber)).optional(),
});

interface Candidate {
  readonly p: number;
  readonly q: number;
  readonly P: number;
  readonly Q: number;
  readonly constant: boolean;
}

interface CandidateFit {
  readonly ic: number;
  readonly model?: ArimaModel;
}

/**
 * Chooses and fits an ARIMA model in the Hyndman–Khandakar (2008) way, as R's `forecast::auto.arima`: the
 * seasonal difference D from the seasonal strength (> 0.64), the first difference d by repeated KPSS tests
 * (5% level), then a stepwise search over (p, q, P, Q) and the constant, by AICc, rejecting models with AR or
 * MA roots within 1.01 of the unit circle. Long or high-frequency series are ranked by CSS fits and the best
 * is refitted by exact ML.
 *
 * Deviations from R: the checks that differenced regressors are not constant are not made; there is no
 * parallel search.
 *
 * @throws DyocenseError `invalid_input` (non-finite values, bad options), `insufficient_data` (too short to fit
 *   even a constant), `infeasible` (no candidate model could be fitted).
 * @example
 * const model = autoArima(monthlySales, { seasonPeriod: 12 });
 * model.method; // e.g. 'ARIMA(0,1,1)(0,1,1)[12]'
 * const { mean, intervals } = model.forecast(18, [80, 95]);
 */
export function autoArima(y: readonly number[], options: AutoArimaOptions = {}): ArimaModel {
  const parsed = parseInput(optionsSchema, options, 'auto ARIMA options');
  const x = toSeries(y);
  const n = x.length;
  const regressors = toRegressorColumns(parsed.xreg, n, parsed.xregNames);
  const common = {
    y: x,
    regressors: regressors.columns,
    regressorNames: regressors.names,
    futureXreg: parsed.futureXreg,
    strict: true,
  };
  const seasonalAllowed = parsed.seasonal ?? true;
  let m = seasonalAllowed ? (parsed.seasonPeriod ?? 1) : 1;
  if (m < 1) m = 1;

  if (isConstant(x) && regressors.columns.length === 0) {
    const allowMean = parsed.allowMean ?? true;
    return fitResolvedArima({
      ...common,
      orders: orders(0, 0, 0, 0, 0, 0, 1),
      includeMean: allowMean,
      includeDrift: false,
      fixed: allowMean ? [x[0] ?? 0] : undefined,
      method: 'CSS-ML',
      strict: false,
    }).model;
  }

  let ic = parsed.ic ?? 'aicc';
  let maxP = Math.min(parsed.maxP ?? 5, Math.floor(n / 3));
  let maxQ = Math.min(parsed.maxQ ?? 5, Math.floor(n / 3));
  let maxSeasonalP = Math.min(parsed.maxSeasonalP ?? 2, Math.floor(n / 3 / m));
  let maxSeasonalQ = Math.min(parsed.maxSeasonalQ ?? 2, Math.floor(n / 3 / m));
  if (n <= 3) ic = 'aic';

  // Differencing is chosen on the regression residuals when there are regressors.
  let xx: Float64Array = x;
  if (regressors.columns.length > 0) {
    const fit = leastSquares([new Float64Array(n).fill(1), ...regressors.columns], x);
    if (fit === undefined) {
      throw new DyocenseError({ code: 'invalid_input', message: 'The regressors are collinear.' });
    }
    xx = fit.residuals;
  }

  let seasonalD = parsed.seasonalD;
  let d = parsed.d;
  if (parsed.stationary === true) {
    d = 0;
    seasonalD = 0;
  }
  if (m === 1) {
    seasonalD = 0;
    maxSeasonalP = 0;
    maxSeasonalQ = 0;
  } else if (seasonalD === undefined) {
    seasonalD = xx.length <= 2 * m ? 0 : countSeasonalDifferences(xx, m, parsed.maxSeasonalD ?? 1);
  }
  let dx = seasonalD > 0 ? differenceSeries(xx, m, seasonalD) : xx;
  if (d === undefined) d = countDifferences(dx, 0.05, parsed.maxD ?? 2);
  if (d > 0) dx = differenceSeries(dx, 1, d);
  if (dx.length === 0) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: 'Not enough data left after differencing.',
    });
  }
  const D = seasonalD;
  const dd = d;

  if (isConstant(dx) && regressors.columns.length === 0) {
    const mean = dx.reduce((sum, value) => sum + value, 0) / dx.length;
    const special = { ...common, method: 'CSS-ML' as const, strict: false, includeMean: false };
    if (D > 0 && dd === 0) {
      return fitResolvedArima({
        ...special,
        orders: orders(0, 0, 0, 0, D, 0, m),
        includeDrift: true,
        fixed: [mean / m],
      }).model;
    }
    if (D > 0 || dd === 2) {
      return fitResolvedArima({
        ...special,
        orders: orders(0, dd, 0, 0, D, 0, m),
        includeDrift: false,
        fixed: undefined,
      }).model;
    }
    return fitResolvedArima({
      ...special,
      orders: orders(0, dd, 0, 0, 0, 0, m),
      includeMean: dd === 0,
      includeDrift: dd === 1,
      fixed: [mean],
    }).model;
  }

  if (m > 1) {
    if (maxSeasonalP > 0) maxP = Math.min(maxP, m - 1);
    if (maxSeasonalQ > 0) maxQ = Math.min(maxQ, m - 1);
  }
  const approximation = parsed.approximation ?? (n > 150 || m > 12);
  let offset = 0;
  if (approximation) {
    try {
      const { estimate } = fitResolvedArima({
        ...common,
        orders: orders(1, dd, 0, 0, D, 0, m),
        includeMean: dd + D === 0,
        includeDrift: false,
        fixed: undefined,
        method: 'CSS-ML',
      });
      offset = -2 * estimate.logLikelihood - n * Math.log(estimate.sigma2);
      if (!Number.isFinite(offset)) offset = 0;
    } catch {
      offset = 0;
    }
  }
  const allowDrift = (parsed.allowDrift ?? true) && dd + D === 1;
  const allowMean = (parsed.allowMean ?? true) && dd + D === 0;

  const fitCandidate = (candidate: Candidate, useApproximation: boolean): CandidateFit => {
    let fitted: { model: ArimaModel; estimate: ArimaEstimate };
    try {
      fitted = fitResolvedArima({
        ...common,
        orders: orders(candidate.p, dd, candidate.q, candidate.P, D, candidate.Q, m),
        includeMean: candidate.constant && dd + D === 0,
        includeDrift: candidate.constant && dd + D === 1,
        fixed: undefined,
        method: useApproximation ? 'CSS' : 'CSS-ML',
      });
    } catch {
      return { ic: Number.POSITIVE_INFINITY };
    }
    const { estimate, model } = fitted;
    const nstar = n - dd - D * m;
    const npar = estimate.freeCount + 1;
    const aic = useApproximation
      ? offset + nstar * Math.log(estimate.sigma2) + 2 * npar
      : -2 * estimate.logLikelihood + 2 * npar;
    if (!Number.isFinite(aic)) return { ic: Number.POSITIVE_INFINITY };
    const criteria = {
      aic,
      bic: aic + npar * (Math.log(nstar) - 2),
      aicc: aic + (2 * npar * (npar + 1)) / (nstar - npar - 1),
    };
    let value = criteria[ic];
    if (!Number.isFinite(value)) value = Number.POSITIVE_INFINITY;
    // Reject models with roots close to the unit circle (R: minimum root modulus below 1.01).
    if (candidate.p + candidate.P > 0 && !rootsOutsideRadius(estimate.phi, 1.01))
      value = Number.POSITIVE_INFINITY;
    if (candidate.q + candidate.Q > 0 && !rootsOutsideRadius(estimate.theta, 1.01, -1)) {
      value = Number.POSITIVE_INFINITY;
    }
    return { ic: value, model };
  };

  const results: { candidate: Candidate; ic: number }[] = [];
  const key = (c: Candidate): string => `${c.p},${c.q},${c.P},${c.Q},${c.constant}`;
  const visited = new Set<string>();
  let best: CandidateFit = { ic: Number.POSITIVE_INFINITY };
  let bestCandidate: Candidate | undefined;
  const consider = (candidate: Candidate): boolean => {
    visited.add(key(candidate));
    const fit = fitCandidate(candidate, approximation);
    results.push({ candidate, ic: fit.ic });
    if (fit.ic < best.ic) {
      best = fit;
      bestCandidate = candidate;
      return true;
    }
    return false;
  };

  let constant = allowDrift || allowMean;
  if (parsed.stepwise ?? true) {
    const maxModels = parsed.maxModels ?? 94;
    let startP = 2;
    let startQ = 2;
    let startSeasonalP = 1;
    let startSeasonalQ = 1;
    if (n < 10) {
      startP = Math.min(startP, 1);
      startQ = Math.min(startQ, 1);
      startSeasonalP = 0;
      startSeasonalQ = 0;
    }
    let p = Math.min(startP, maxP);
    let q = Math.min(startQ, maxQ);
    let P = Math.min(startSeasonalP, maxSeasonalP);
    let Q = Math.min(startSeasonalQ, maxSeasonalQ);
    consider({ p, q, P, Q, constant });
    if (consider({ p: 0, q: 0, P: 0, Q: 0, constant })) {
      p = 0;
      q = 0;
      P = 0;
      Q = 0;
    }
    if (maxP > 0 || maxSeasonalP > 0) {
      const arP = maxP > 0 ? 1 : 0;
      const arSeasonalP = m > 1 && maxSeasonalP > 0 ? 1 : 0;
      if (consider({ p: arP, q: 0, P: arSeasonalP, Q: 0, constant })) {
        p = arP;
        P = arSeasonalP;
        q = 0;
        Q = 0;
      }
    }
    if (maxQ > 0 || maxSeasonalQ > 0) {
      const maQ = maxQ > 0 ? 1 : 0;
      const maSeasonalQ = m > 1 && maxSeasonalQ > 0 ? 1 : 0;
      if (consider({ p: 0, q: maQ, P: 0, Q: maSeasonalQ, constant })) {
        p = 0;
        P = 0;
        q = maQ;
        Q = maSeasonalQ;
      }
    }
    // As in R, a winning null model without constant does not switch `constant` off for the search.
    if (constant && consider({ p: 0, q: 0, P: 0, Q: 0, constant: false })) {
      p = 0;
      q = 0;
      P = 0;
      Q = 0;
    }
    // Neighbours in R's order: seasonal moves, then non-seasonal moves, then toggling the constant.
    const moves: [number, number, number, number][] = [
      [0, 0, -1, 0],
      [0, 0, 0, -1],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, -1, -1],
      [0, 0, -1, 1],
      [0, 0, 1, -1],
      [0, 0, 1, 1],
      [-1, 0, 0, 0],
      [0, -1, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [-1, -1, 0, 0],
      [-1, 1, 0, 0],
      [1, -1, 0, 0],
      [1, 1, 0, 0],
    ];
    let improved = true;
    while (improved && results.length < maxModels) {
      improved = false;
      for (const [dp, dq, dP, dQ] of moves) {
        const candidate = { p: p + dp, q: q + dq, P: P + dP, Q: Q + dQ, constant };
        if (candidate.p < 0 || candidate.q < 0 || candidate.P < 0 || candidate.Q < 0) continue;
        if (
          candidate.p > maxP ||
          candidate.q > maxQ ||
          candidate.P > maxSeasonalP ||
          candidate.Q > maxSeasonalQ
        ) {
          continue;
        }
        if (visited.has(key(candidate))) continue;
        if (results.length >= maxModels) break;
        if (consider(candidate)) {
          ({ p, q, P, Q } = candidate);
          improved = true;
          break;
        }
      }
      if (!improved && (allowDrift || allowMean) && results.length < maxModels) {
        const candidate = { p, q, P, Q, constant: !constant };
        if (!visited.has(key(candidate)) && consider(candidate)) {
          constant = !constant;
          improved = true;
        }
      }
    }
  } else {
    const maxOrder = parsed.maxOrder ?? 5;
    const constants = constant ? [false, true] : [false];
    for (let p = 0; p <= maxP; p++) {
      for (let q = 0; q <= maxQ; q++) {
        for (let P = 0; P <= maxSeasonalP; P++) {
          for (let Q = 0; Q <= maxSeasonalQ; Q++) {
            if (p + q + P + Q > maxOrder) continue;
            for (const withConstant of constants) consider({ p, q, P, Q, constant: withConstant });
          }
        }
      }
    }
  }

  if (approximation && bestCandidate !== undefined) {
    // Refit by exact ML in order of the approximate criterion; keep the first acceptable model.
    const ranked = [...results].sort((a, b) => a.ic - b.ic);
    best = { ic: Number.POSITIVE_INFINITY };
    for (const { candidate } of ranked) {
      const fit = fitCandidate(candidate, false);
      if (Number.isFinite(fit.ic)) {
        best = fit;
        break;
      }
    }
  }
  if (best.model === undefined || !Number.isFinite(best.ic)) {
    throw new DyocenseError({
      code: 'infeasible',
      message: 'No suitable ARIMA model could be fitted to this series.',
      details: { modelsTried: results.length },
    });
  }
  return best.model;
}

function orders(
  p: number,
  d: number,
  q: number,
  P: number,
  D: number,
  Q: number,
  period: number,
): ArmaOrders {
  const seasonal = period > 1 && P + D + Q > 0;
  return {
    p,
    d,
    q,
    seasonalP: seasonal ? P : 0,
    seasonalD: seasonal ? D : 0,
    seasonalQ: seasonal ? Q : 0,
    period: seasonal ? period : 1,
  };
}
