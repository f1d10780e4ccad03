import { readFileSync } from 'node:fs';

const folder = new URL('./', import.meta.url);

/** The eight daily metrics of `daily.csv`, by column, plus the dates. */
export interface DailyFixture {
  readonly dates: readonly string[];
  readonly columns: readonly string[];
  readonly series: Readonly<Record<string, number[]>>;
}

/** Reads `daily.csv`. */
export function readDaily(): DailyFixture {
  const [header, ...lines] = readFileSync(new URL('daily.csv', folder), 'utf8').trim().split(/\r?\n/);
  const names = (header as string).split(',').slice(1);
  const series: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const dates: string[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    dates.push(cells[0] as string);
    names.forEach((name, index) => series[name]?.push(Number(cells[index + 1])));
  }
  return { dates, columns: names, series };
}

/** One `grangercausalitytests` result for `cause` → `effect` at `lag`. */
export interface PairwiseReference {
  readonly cause: string;
  readonly effect: string;
  readonly lag: number;
  readonly nobs: number;
  readonly ssr_F: number;
  readonly ssr_F_p: number;
  readonly df_num: number;
  readonly df_denom: number;
  readonly ssr_chi2: number;
  readonly ssr_chi2_p: number;
  readonly lr: number;
  readonly lr_p: number;
  readonly params_F: number;
  readonly params_F_p: number;
  readonly ssr_restricted: number;
  readonly ssr_unrestricted: number;
  readonly cause_coefs: readonly number[];
}

/** Multiple-testing summary at the summary lag. */
export interface SummaryReference {
  readonly cause: string;
  readonly effect: string;
  readonly lag: number;
  readonly p: number;
  readonly p_bh: number;
  readonly p_holm: number;
  readonly p_bonferroni: number;
  readonly minp_bonf: number;
  readonly minp_bonf_bh: number;
  readonly significant_bh: boolean;
}

/** `VARResults.test_causality(kind='f')` and the single-equation OLS version of the same Wald test. */
export interface ConditionalReference {
  readonly cause: string;
  readonly effect: string;
  readonly lag: number;
  readonly var_F: number;
  readonly var_F_p: number;
  readonly var_df: readonly [number, number];
  readonly ols_F: number;
  readonly ols_F_p: number;
  readonly ols_df: readonly [number, number];
}

/** `adfuller(regression='c', autolag='AIC')`. */
export interface AdfReference {
  readonly adf_stat: number;
  readonly adf_p: number;
  readonly usedlag: number;
  readonly nobs: number;
  readonly crit: Readonly<Record<'1%' | '5%' | '10%', number>>;
}

/** scipy `pearsonr` / `spearmanr` with a Fisher-z 95% interval. */
export interface CorrelationReference {
  readonly a: string;
  readonly b: string;
  readonly n: number;
  readonly pearson_r: number;
  readonly pearson_p: number;
  readonly pearson_ci95: readonly [number, number];
  readonly spearman_rho: number;
  readonly spearman_p: number;
}

/** One of `granger_levels.json` / `granger_diff.json`. */
export interface GrangerFixture {
  readonly meta: { readonly columns: readonly string[]; readonly maxlag: number; readonly summary_lag: number };
  readonly var_order: {
    readonly maxlags: number;
    readonly nobs_used: number;
    readonly selected: Readonly<Record<'aic' | 'bic' | 'hqic' | 'fpe', number>>;
    readonly ics: Readonly<Record<'aic' | 'bic' | 'hqic' | 'fpe', readonly number[]>>;
  };
  readonly pairwise: readonly PairwiseReference[];
  readonly summary: readonly SummaryReference[];
  readonly conditional: readonly ConditionalReference[];
  readonly stationarity: Readonly<Record<string, AdfReference>>;
  readonly correlations: readonly CorrelationReference[];
}

/** Reads `granger_levels.json` (`'levels'`) or `granger_diff.json` (`'diff'`). */
export function readGrangerFixture(transform: 'levels' | 'diff'): GrangerFixture {
  return JSON.parse(readFileSync(new URL(`granger_${transform}.json`, folder), 'utf8')) as GrangerFixture;
}

/** One row of R's `lmtest::grangertest`. */
export interface RReference {
  readonly cause: string;
  readonly effect: string;
  readonly lag: number;
  readonly F: number;
  readonly p: number;
  readonly dfNumerator: number;
  readonly dfDenominator: number;
}

/** Reads `r_levels.csv` or `r_diff.csv`. */
export function readRReference(transform: 'levels' | 'diff'): RReference[] {
  const [, ...lines] = readFileSync(new URL(`r_${transform}.csv`, folder), 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [cause, effect, lag, F, p, dfNumerator, dfDenominator] = line.split(',');
    return {
      cause: (cause as string).replaceAll('"', ''),
      effect: (effect as string).replaceAll('"', ''),
      lag: Number(lag),
      F: Number(F),
      p: Number(p),
      dfNumerator: Number(dfNumerator),
      dfDenominator: Number(dfDenominator),
    };
  });
}

/** First differences of a series. */
export function difference(values: readonly number[]): number[] {
  return values.slice(1).map((value, index) => value - (values[index] as number));
}

/** Reads `effects_ref.json`. */
export function readEffectsReference(): {
  readonly mix_rate: {
    readonly empirical: {
      readonly cr_pre: number;
      readonly cr_post: number;
      readonly change: number;
      readonly midpoint: {
        readonly mix: Readonly<Record<string, number>>;
        readonly rate: Readonly<Record<string, number>>;
        readonly mix_total: number;
        readonly rate_total: number;
      };
      readonly midpoint_centred_mix: { readonly mix: Readonly<Record<string, number>>; readonly mix_total: number };
      readonly share: Readonly<Record<'0' | '1', Readonly<Record<string, number>>>>;
      readonly rate: Readonly<Record<'0' | '1', Readonly<Record<string, number>>>>;
    };
    readonly expected: { readonly post_start: string; readonly expected_change: number };
  };
} {
  return JSON.parse(readFileSync(new URL('effects_ref.json', folder), 'utf8'));
}

/** Rows of `channels.csv`. */
export function readChannels(): { date: string; channel: string; sessions: number; orders: number }[] {
  const [, ...lines] = readFileSync(new URL('channels.csv', folder), 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [date, channel, sessions, orders] = line.split(',');
    return { date: date as string, channel: channel as string, sessions: Number(sessions), orders: Number(orders) };
  });
}

/** Reads a wide CSV fixture of the same shape as `daily.csv` (`counterfactual.csv`, `whatif_spend.csv`). */
export function readWide(file: 'daily.csv' | 'counterfactual.csv' | 'whatif_spend.csv'): DailyFixture {
  const [header, ...lines] = readFileSync(new URL(file, folder), 'utf8').trim().split(/\r?\n/);
  const names = (header as string).split(',').slice(1);
  const series: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const dates: string[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    dates.push(cells[0] as string);
    names.forEach((name, index) => series[name]?.push(Number(cells[index + 1])));
  }
  return { dates, columns: names, series };
}

/** One variant of `kalman_ref.json` (fixed or MLE parameters). */
export interface KalmanVariant {
  readonly params: { readonly 'sigma2.irregular': number; readonly 'sigma2.level': number };
  readonly llf: number;
  readonly forecast: {
    readonly mean: readonly number[];
    readonly var: readonly number[];
    readonly cum_var: number;
    readonly a_T: readonly number[];
  };
}

/** Reads `kalman_ref.json`: statsmodels `UnobservedComponents('llevel', exog=[traffic, traffic@1, traffic@2, price])`. */
export function readKalmanReference(): {
  readonly meta: { readonly t0: number; readonly h: number };
  readonly exact_diffuse: { readonly mle: KalmanVariant; readonly fixed: KalmanVariant };
  readonly approximate_diffuse: { readonly mle: KalmanVariant; readonly fixed: KalmanVariant };
} {
  return JSON.parse(readFileSync(new URL('kalman_ref.json', folder), 'utf8'));
}

/** Reads `truth.json`: the simulator's true edges, intervention and what-if effects. */
export function readTruth(): {
  readonly direct_lagged_edges: readonly (readonly [string, string])[];
  readonly ancestral_pairs: readonly (readonly [string, string])[];
  readonly intervention: {
    readonly date: string;
    readonly index: number;
    readonly post_days: number;
    readonly orders_cumulative_effect: number;
  };
  readonly whatif_spend: {
    readonly window_start: string;
    readonly window_days: number;
    readonly revenue_cumulative_delta: number;
    readonly orders_cumulative_delta: number;
    readonly traffic_cumulative_delta: number;
  };
} {
  return JSON.parse(readFileSync(new URL('truth.json', folder), 'utf8'));
}

/** Columns of `customers.csv`. */
export function readCustomers(): {
  tenure_months: number[];
  past_orders: number[];
  engaged: number[];
  received_coupon: (0 | 1)[];
  revenue_next_90d: number[];
} {
  const [, ...lines] = readFileSync(new URL('customers.csv', folder), 'utf8').trim().split(/\r?\n/);
  const rows = lines.map((line) => line.split(','));
  const column = (index: number) => rows.map((cells) => Number(cells[index]));
  return {
    tenure_months: column(1),
    past_orders: column(2),
    engaged: column(3),
    received_coupon: column(5) as (0 | 1)[],
    revenue_next_90d: column(6),
  };
}

/** The propensity part of `effects_ref.json`. */
export function readPropensityReference(): {
  readonly estimates: Readonly<Record<'naive' | 'regression_ate' | 'ipw_ate' | 'ipw_att' | 'psm_att' | 'psm_matched_share', number>> & {
    readonly propensity_range: readonly [number, number];
  };
  readonly boot95: Readonly<Record<'naive' | 'regression_ate' | 'ipw_ate' | 'ipw_att' | 'psm_att', readonly [number, number]>>;
  readonly truth: { readonly true_ate_sample: number; readonly true_att_sample: number };
} {
  return JSON.parse(readFileSync(new URL('effects_ref.json', folder), 'utf8')).propensity;
}

/** The reference's logit propensities for `customers.csv` (`customers_logit.json`), row by row. */
export function readReferenceLogits(): number[] {
  return JSON.parse(readFileSync(new URL('customers_logit.json', folder), 'utf8')).logit;
}
