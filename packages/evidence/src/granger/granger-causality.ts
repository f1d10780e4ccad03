import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import {
  assertAlignedDates,
  assertNoConstantSeries,
  datesSchema,
  firstDifference,
  toSeriesMatrix,
  wideSeriesSchema,
} from '../internal/series-input.js';
import {
  type AdjustmentMethod,
  adjustmentMethods,
  adjustValidated,
} from '../multiple-testing/adjust-p-values.js';
import { type AdfTestResult, adfTest } from '../stationarity/adf-test.js';
import { selectVarOrderValidated, type VarOrderSelection } from '../var/select-var-order.js';
import {
  type ConditionalModel,
  conditionalGrangerTests,
  fitConditionalModel,
  jointConditionalTest,
} from './internal/conditional-granger-tests.js';
import {
  type CentredSeries,
  centreSeries,
  fitCentredRestricted,
  PairProducts,
  testCauseFromProducts,
} from './internal/lagged-cross-products.js';
import {
  fitRestricted,
  type NotTestable,
  type PairwiseStatistics,
  type RestrictedModel,
  testCause,
} from './internal/pairwise-granger-test.js';

/** How series are made stationary before testing. */
export const grangerTransforms = ['diff', 'auto', 'none'] as const;

const inputSchema = z.object({
  /** One equally spaced series per metric, aligned on the same dates. */
  series: wideSeriesSchema,
  /** Optional row dates (ISO), checked for alignment and order; daily or weekly spacing names the lag unit. */
  dates: datesSchema.optional(),
  /** Largest lag tested; every lag 1..maxLag is tested. */
  maxLag: z.number().int().min(1).max(60),
  /**
   * `diff` (default): first differences of every series, since trends alone make unrelated metrics "predict"
   * each other. `auto`: difference only the series whose ADF test does not reject a unit root at 5%.
   * `none`: levels.
   */
  transform: z.enum(grangerTransforms).default('diff'),
  /** Multiple-testing correction across ordered pairs. Default Benjamini–Hochberg. */
  adjustment: z.enum(adjustmentMethods).default('bh'),
  /** Significance level applied to adjusted p-values. Default 0.05. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** Lag of the per-pair summary and conditional test: a number, or `bic` = max(1, BIC VAR order). */
  summaryLag: z.union([z.number().int().min(1), z.literal('bic')]).default('bic'),
  /** Also run conditional (VAR) tests at the summary lag. Default true. */
  conditional: z.boolean().default(true),
});

/** Input of {@link grangerCausality}. */
export type GrangerInput = z.input<typeof inputSchema>;

/** One ordered pair at one lag. Untestable pairs (constant or collinear) say why instead of returning NaN. */
export type GrangerTest =
  | ({ readonly cause: string; readonly effect: string; readonly lag: number } & PairwiseStatistics)
  | {
      readonly cause: string;
      readonly effect: string;
      readonly lag: number;
      readonly testable: false;
      readonly reason: string;
    };

/** The per-pair answer: pairwise and conditional tests with multiple-testing control. */
export interface GrangerPairSummary {
  readonly cause: string;
  readonly effect: string;
  /** Summary lag. */
  readonly lag: number;
  /** Pairwise ssr F p-value at the summary lag (1 when untestable). */
  readonly pValue: number;
  /** `pValue` adjusted across all ordered pairs. */
  readonly adjustedPValue: number;
  /** Lag with the smallest pairwise p-value. */
  readonly bestLag: number;
  /** min over lags of p × maxLag (Bonferroni over lags), capped at 1. */
  readonly minPValueOverLags: number;
  /** `minPValueOverLags` adjusted across pairs. */
  readonly adjustedMinPValueOverLags: number;
  /** Conditional (VAR) test at the summary lag, when run. */
  readonly conditional?: {
    readonly fStatistic: number;
    readonly pValue: number;
    /** `jointPValue` when present, else `pValue`, adjusted across ordered pairs. */
    readonly adjustedPValue: number;
    readonly dfNumerator: number;
    readonly dfDenominator: number;
    /** Sign of the summed cause-lag coefficients. */
    readonly sign: -1 | 0 | 1;
    /**
     * Series moving almost in lockstep with the cause (|r| ≥ 0.8 after the transform) whose lags were tested
     * jointly with it: conditioning on a near-copy would hide the signal from both.
     */
    readonly nearCopies?: readonly string[];
    /** The joint test of the cause and its near-copies, which `adjustedPValue` then adjusts. */
    readonly jointFStatistic?: number;
    readonly jointPValue?: number;
  };
  /** Conditional adjusted p below alpha when the conditional test ran, else the pairwise one. */
  readonly significant: boolean;
  /** Plain wording: predictive precedence, never causation. */
  readonly statement: string;
}

/** Result of {@link grangerCausality}. */
export interface GrangerResult {
  readonly transform: {
    readonly requested: (typeof grangerTransforms)[number];
    /** Series that were first-differenced. */
    readonly differenced: readonly string[];
    /** ADF results per series (levels) when `transform` is `auto`. */
    readonly stationarity?: Readonly<Record<string, AdfTestResult>>;
  };
  /** Points per series after the transform. */
  readonly observations: number;
  readonly summaryLag: number;
  readonly lagSelection?: VarOrderSelection;
  readonly adjustment: AdjustmentMethod;
  readonly tests: readonly GrangerTest[];
  readonly pairs: readonly GrangerPairSummary[];
  readonly warnings: readonly string[];
}

function lagUnit(dates: readonly string[] | undefined): string {
  if (dates === undefined || dates.length < 2) return 'periods';
  const days =
    (Date.parse(dates[dates.length - 1] as string) - Date.parse(dates[0] as string)) /
    86_400_000 /
    (dates.length - 1);
  if (Math.abs(days - 1) < 0.01) return 'days';
  if (Math.abs(days - 7) < 0.05) return 'weeks';
  return 'periods';
}

function applyTransform(
  names: readonly string[],
  values: Float64Array[],
  transform: (typeof grangerTransforms)[number],
  warnings: string[],
): { values: Float64Array[]; differenced: string[]; stationarity?: Record<string, AdfTestResult> } {
  if (transform === 'none') return { values, differenced: [] };
  if (transform === 'diff') return { values: values.map(firstDifference), differenced: [...names] };
  const stationarity: Record<string, AdfTestResult> = {};
  const differenced: string[] = [];
  names.forEach((name, index) => {
    const series = values[index] as Float64Array;
    try {
      const result = adfTest({ values: Array.from(series) });
      stationarity[name] = result;
      if (result.pValue > 0.05) differenced.push(name);
    } catch (error) {
      if (!DyocenseError.isInstance(error)) throw error;
      warnings.push(`ADF test of ${name} failed (${error.message}); differenced to be safe`);
      differenced.push(name);
    }
  });
  if (differenced.length === 0) return { values, differenced, stationarity };
  // Differencing drops the first point; the other series drop it too so rows stay aligned.
  const aligned = names.map((name, index) => {
    const series = values[index] as Float64Array;
    return differenced.includes(name) ? firstDifference(series) : series.slice(1);
  });
  return { values: aligned, differenced, stationarity };
}

/** |r| of the transformed series above which two metrics count as near-copies (variance inflation ≥ 2.8). */
const nearCopyCorrelation = 0.8;

interface ConditionalEntry {
  readonly fStatistic: number;
  readonly pValue: number;
  readonly dfNumerator: number;
  readonly dfDenominator: number;
  readonly coefficientSum: number;
  readonly nearCopies?: readonly number[];
}

function pearsonMatrix(values: readonly Float64Array[]): Float64Array {
  const k = values.length;
  const n = (values[0] as Float64Array).length;
  const centred = values.map((series) => {
    let mean = 0;
    for (const value of series) mean += value;
    mean /= n;
    const out = series.map((value) => value - mean);
    let norm = 0;
    for (const value of out) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return out.map((value) => value * scale);
  });
  const r = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let dot = 0;
      const x = centred[a] as Float64Array;
      const y = centred[b] as Float64Array;
      for (let i = 0; i < n; i++) dot += (x[i] as number) * (y[i] as number);
      r[a * k + b] = dot;
      r[b * k + a] = dot;
    }
  }
  return r;
}

/**
 * Conditional tests for causes that have near-copies (revenue ≈ orders × a slowly moving price). Conditioning
 * X on its near-copy Z leaves neither with a signal of its own, so a real X → Y edge vanishes from both. For
 * each effect, the member of a near-copy group with the smallest pairwise p-value is tested jointly with its
 * copies ("X or its copy helps predict Y"); the others keep their own test, so each group yields at most one
 * edge and the number of tests adjusted for is unchanged.
 */
function nearCopyTests(
  values: readonly Float64Array[],
  model: ConditionalModel,
  pairwiseP: ReadonlyMap<string, number>,
): Map<string, ConditionalEntry> {
  const k = values.length;
  const r = pearsonMatrix(values);
  const replaced = new Map<string, ConditionalEntry>();
  for (let cause = 0; cause < k; cause++) {
    for (let effect = 0; effect < k; effect++) {
      if (effect === cause) continue;
      const copies: number[] = [];
      for (let other = 0; other < k; other++) {
        if (
          other !== cause &&
          other !== effect &&
          Math.abs(r[cause * k + other] as number) >= nearCopyCorrelation
        )
          copies.push(other);
      }
      if (copies.length === 0) continue;
      const own = pairwiseP.get(`${cause}:${effect}`) ?? 1;
      const representative = copies.every((other) => {
        const theirs = pairwiseP.get(`${other}:${effect}`) ?? 1;
        return own < theirs || (own === theirs && cause < other);
      });
      if (!representative) continue;
      const joint = jointConditionalTest(model, [cause, ...copies], effect);
      // The sign of the group's effect: each member's summed lag coefficients in the effect equation, scaled by
      // the member's spread and the sign of its correlation with the representative.
      let signed = 0;
      for (const member of [cause, ...copies]) {
        const coefficients = model.coefficients[effect] as Float64Array;
        let sum = 0;
        for (let l = 0; l < model.lag; l++) sum += coefficients[1 + l * k + member] as number;
        let spread = 0;
        for (const value of values[member] as Float64Array) spread += value * value;
        signed +=
          sum * Math.sqrt(spread) * Math.sign(member === cause ? 1 : (r[cause * k + member] as number));
      }
      replaced.set(`${cause}:${effect}`, { ...joint, coefficientSum: signed, nearCopies: copies });
    }
  }
  return replaced;
}

/**
 * Granger tests for every ordered pair of series and every lag 1..maxLag, with statsmodels
 * `grangercausalitytests` parity (ssr F, chi², likelihood-ratio and parameter F), a per-pair summary at a
 * BIC-chosen lag with Benjamini–Hochberg (default), Holm or Bonferroni control across pairs, and conditional
 * (VAR) tests that control for every other series. A significant result means "X helps predict Y k days
 * later", not that X causes Y.
 *
 * @throws DyocenseError `invalid_input` for fewer than two series, NaN, misaligned lengths or dates, or a
 * constant series; `insufficient_data` when there are too few points for maxLag.
 * @example
 * const result = grangerCausality({ series: { spend, traffic, orders }, maxLag: 7 });
 * result.pairs.filter((pair) => pair.significant).map((pair) => pair.statement);
 */
export function grangerCausality(input: GrangerInput): GrangerResult {
  const options = parseInput(inputSchema, input, 'Granger input');
  const { names, values: raw } = toSeriesMatrix(options.series);
  if (names.length < 2) {
    throw new DyocenseError({ code: 'invalid_input', message: 'Granger tests need at least two series' });
  }
  const rawLength = (raw[0] as Float64Array).length;
  if (options.dates !== undefined) assertAlignedDates(options.dates, rawLength);
  const warnings: string[] = [];
  const transformed = applyTransform(names, raw, options.transform, warnings);
  const values = transformed.values;
  const n = (values[0] as Float64Array).length;
  const maxLag = options.maxLag;
  if (n < 3 * maxLag + 2) {
    throw new DyocenseError({
      code: 'insufficient_data',
      message: `Too few points for lag ${maxLag}: ${n} points${transformed.differenced.length > 0 ? ' after differencing' : ''}, at least ${3 * maxLag + 2} needed`,
      details: { points: n, maxLag },
    });
  }
  assertNoConstantSeries(names, values, new Set(transformed.differenced));

  const tests: GrangerTest[] = [];
  const byPair = new Map<string, GrangerTest[]>();
  // Cross-products at every shift are computed once per pair and reused for all lags; a test whose shortcut
  // could lose digits to cancellation is redone with the exact Householder update.
  const centred = values.map((series) => centreSeries(series, maxLag));
  const products = new PairProducts(maxLag, n);
  for (let effect = 0; effect < names.length; effect++) {
    // The exact restricted model is fitted only when needed: for a fallback, or to say why a lag is untestable.
    const exactByLag: (RestrictedModel | NotTestable | undefined)[] = Array.from(
      { length: maxLag },
      () => undefined,
    );
    const exactAt = (lag: number): RestrictedModel | NotTestable => {
      const cached = exactByLag[lag - 1];
      if (cached !== undefined) return cached;
      const fitted = fitRestricted(values[effect] as Float64Array, lag);
      exactByLag[lag - 1] = fitted;
      return fitted;
    };
    const fastByLag = Array.from({ length: maxLag }, (_, index) =>
      fitCentredRestricted(centred[effect] as CentredSeries, index + 1),
    );
    const byLag: GrangerTest[][] = fastByLag.map(() => []);
    for (let cause = 0; cause < names.length; cause++) {
      if (cause === effect) continue;
      products.load(centred[effect] as CentredSeries, centred[cause] as CentredSeries);
      for (let lag = 1; lag <= maxLag; lag++) {
        const fast = fastByLag[lag - 1];
        let statistics: PairwiseStatistics | NotTestable | undefined =
          fast === undefined
            ? undefined
            : testCauseFromProducts(fast, centred[cause] as CentredSeries, products);
        if (statistics === undefined) {
          const exact = exactAt(lag);
          statistics = 'qr' in exact ? testCause(exact, values[cause] as Float64Array) : exact;
        }
        (byLag[lag - 1] as GrangerTest[]).push({
          cause: names[cause] as string,
          effect: names[effect] as string,
          lag,
          ...statistics,
        });
      }
    }
    for (const list of byLag) {
      for (const test of list) {
        tests.push(test);
        const key = `${names.indexOf(test.cause)}:${effect}`;
        const entries = byPair.get(key) ?? [];
        entries.push(test);
        byPair.set(key, entries);
      }
    }
  }

  let lagSelection: VarOrderSelection | undefined;
  let summaryLag = 1;
  if (options.summaryLag === 'bic') {
    try {
      lagSelection = selectVarOrderValidated(values, maxLag);
      summaryLag = Math.max(1, lagSelection.selected.bic);
    } catch (error) {
      if (!DyocenseError.isInstance(error)) throw error;
      warnings.push(`VAR lag selection was not possible (${error.message}); summary lag 1 used`);
    }
  } else {
    summaryLag = Math.min(options.summaryLag, maxLag);
  }

  const k = names.length;
  let conditional: ReturnType<typeof conditionalGrangerTests>;
  let model: ConditionalModel | undefined;
  if (options.conditional) {
    const needed = 10 * (k * summaryLag + 1);
    if (n - summaryLag < needed) {
      warnings.push(
        `Conditional tests skipped: ${n - summaryLag} rows are fewer than 10 per VAR coefficient (${needed}); pairwise results only`,
      );
    } else {
      model = fitConditionalModel(values, summaryLag);
      conditional = conditionalGrangerTests(values, summaryLag, model);
      if (conditional === undefined) warnings.push('Conditional tests skipped: the series are collinear');
    }
  }

  const orderedKeys = [...byPair.keys()];
  const pAt = orderedKeys.map((key) => {
    const test = (byPair.get(key) as GrangerTest[])[summaryLag - 1] as GrangerTest;
    return test.testable ? test.pValue : 1;
  });
  const minima = orderedKeys.map((key) => {
    let best = { lag: 1, p: 1 };
    for (const test of byPair.get(key) as GrangerTest[]) {
      if (test.testable && test.pValue < best.p) best = { lag: test.lag, p: test.pValue };
    }
    return { lag: best.lag, p: Math.min(1, best.p * maxLag) };
  });
  const adjusted = adjustValidated(pAt, options.adjustment);
  const adjustedMinima = adjustValidated(
    minima.map((entry) => entry.p),
    options.adjustment,
  );
  const conditionalByKey = new Map<string, ConditionalEntry>(
    (conditional ?? []).map((entry) => [`${entry.cause}:${entry.effect}`, entry]),
  );
  const jointByKey =
    model === undefined
      ? new Map<string, ConditionalEntry>()
      : nearCopyTests(values, model, new Map(orderedKeys.map((key, index) => [key, pAt[index] as number])));
  // The joint test decides for a near-copy group's representative; each pair still contributes one test.
  const conditionalAdjusted = adjustValidated(
    orderedKeys.map((key) => jointByKey.get(key)?.pValue ?? conditionalByKey.get(key)?.pValue ?? 1),
    options.adjustment,
  );
  const unit = lagUnit(options.dates);
  const pairs = orderedKeys.map((key, index): GrangerPairSummary => {
    const [cause, effect] = key.split(':').map(Number) as [number, number];
    const causeName = names[cause] as string;
    const effectName = names[effect] as string;
    const entry = conditionalByKey.get(key);
    const joint = jointByKey.get(key);
    const adjustedPValue = adjusted[index] as number;
    const conditionalSummary =
      entry === undefined
        ? undefined
        : {
            fStatistic: entry.fStatistic,
            pValue: entry.pValue,
            adjustedPValue: conditionalAdjusted[index] as number,
            dfNumerator: entry.dfNumerator,
            dfDenominator: entry.dfDenominator,
            sign: Math.sign((joint ?? entry).coefficientSum) as -1 | 0 | 1,
            ...(joint?.nearCopies === undefined
              ? {}
              : {
                  nearCopies: joint.nearCopies.map((index) => names[index] as string),
                  jointFStatistic: joint.fStatistic,
                  jointPValue: joint.pValue,
                }),
          };
    const decisive = conditionalSummary?.adjustedPValue ?? adjustedPValue;
    const significant = decisive < options.alpha;
    const span = summaryLag === 1 ? `1 ${unit.replace(/s$/, '')}` : `up to ${summaryLag} ${unit}`;
    const copies =
      joint?.nearCopies === undefined
        ? ''
        : ` (tested together with its near-copy ${joint.nearCopies.map((index) => names[index]).join(', ')})`;
    const statement = significant
      ? `${causeName} helps predict ${effectName} ${span} later${copies} (adjusted p = ${decisive.toPrecision(2)}); this is predictive precedence, not proof of cause`
      : `No evidence that ${causeName} helps predict ${effectName} ${span} later (adjusted p = ${decisive.toPrecision(2)})`;
    const minimum = minima[index] as { lag: number; p: number };
    return {
      cause: causeName,
      effect: effectName,
      lag: summaryLag,
      pValue: pAt[index] as number,
      adjustedPValue,
      bestLag: minimum.lag,
      minPValueOverLags: minimum.p,
      adjustedMinPValueOverLags: adjustedMinima[index] as number,
      ...(conditionalSummary === undefined ? {} : { conditional: conditionalSummary }),
      significant,
      statement,
    };
  });

  return {
    transform: {
      requested: options.transform,
      differenced: transformed.differenced,
      ...(transformed.stationarity === undefined ? {} : { stationarity: transformed.stationarity }),
    },
    observations: n,
    summaryLag,
    ...(lagSelection === undefined ? {} : { lagSelection }),
    adjustment: options.adjustment,
    tests,
    pairs,
    warnings,
  };
}
