import { readFileSync } from 'node:fs';

/** One `forecast::Arima` fit as recorded by bench/reference/arima-fixtures.R. */
export interface ReferenceFit {
  readonly coefficientNames: readonly string[] | null;
  readonly coefficients: readonly number[];
  readonly sigma2: number;
  readonly loglik: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  readonly residuals: readonly number[];
  readonly mean: readonly number[];
  readonly lower80: readonly number[];
  readonly upper80: readonly number[];
  readonly lower95: readonly number[];
  readonly upper95: readonly number[];
}

/** A fixed model specification and R's estimated and fixed-coefficient fits. */
export interface ReferenceModel {
  readonly id: string;
  readonly series: string;
  readonly order: [number, number, number];
  readonly seasonalOrder: [number, number, number];
  readonly includeDrift: boolean;
  readonly xreg: number[][] | null;
  readonly futureXreg: number[][] | null;
  readonly estimated: ReferenceFit;
  readonly fixed: ReferenceFit;
}

/** R's automatic selection on one series. */
export interface ReferenceAuto {
  readonly series: string;
  readonly period: number;
  readonly order: [number, number, number];
  readonly seasonalOrder: [number, number, number];
  readonly aicc: number;
  readonly seconds: number;
  readonly ndiffs: number;
  readonly nsdiffs: number;
  readonly seasonalStrength: number | null;
  readonly kpss: number;
}

/** The whole fixture file. */
export interface ReferenceDocument {
  readonly rVersion: string;
  readonly forecastVersion: string;
  readonly date: string;
  readonly horizon: number;
  readonly series: Readonly<Record<string, { readonly period: number; readonly values: readonly number[] }>>;
  readonly models: readonly ReferenceModel[];
  readonly auto: readonly ReferenceAuto[];
}

/** Reads `r-arima.json` (test helper). */
export function loadReferenceFixtures(): ReferenceDocument {
  const url = new URL('./r-arima.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ReferenceDocument;
}
