import { readFileSync } from 'node:fs';

/** One `forecast::mstl` decomposition recorded by bench/reference/stl-fixtures.R. */
export interface RMstlDecomposition {
  readonly name: string;
  readonly values: number[];
  readonly seasonPeriods: number[];
  readonly lambda: number | null;
  readonly decomposition: {
    readonly trend: number[];
    readonly seasonal: { readonly period: number; readonly values: number[] }[];
    readonly remainder: number[];
  };
  /** Median elapsed seconds of five R runs, where recorded. */
  readonly rSeconds?: number;
}

/** `forecast:::seas.heuristic` on one series. */
export interface RSeasonalStrength {
  readonly name: string;
  readonly values: number[];
  readonly seasonPeriods: number[];
  readonly strength: number[];
}

/** An `stlf` / `forecast(mstl(...))` forecast with 80/95% intervals. */
export interface RMstlForecast {
  readonly name: string;
  readonly values: number[];
  readonly seasonPeriods: number[];
  readonly trendModel: 'ets' | 'arima';
  readonly horizon: number;
  readonly forecast: {
    readonly method: string;
    readonly mean: number[];
    readonly lower80: number[];
    readonly upper80: number[];
    readonly lower95: number[];
    readonly upper95: number[];
    readonly fitted: (number | null)[];
  };
}

export interface RMstlFixture {
  readonly r: string;
  readonly forecast: string;
  readonly date: string;
  readonly decompositions: RMstlDecomposition[];
  readonly seasonalStrength: RSeasonalStrength[];
  readonly forecasts: RMstlForecast[];
}

/** Reads `r-mstl.json` (see README.md in this folder). */
export function loadRMstlFixture(): RMstlFixture {
  return JSON.parse(readFileSync(new URL('./r-mstl.json', import.meta.url), 'utf8')) as RMstlFixture;
}
