import { readFileSync } from 'node:fs';
import type { StlOptions } from '../decompose-stl.js';

/** One `stats::stl` call recorded by bench/reference/stl-fixtures.R. */
export interface RStlCase {
  readonly series: string;
  readonly options: Omit<StlOptions, 'period'>;
  /** `win`, `deg`, `jump`, `inner`, `outer` as R reported them. */
  readonly resolved: Record<string, number>;
  readonly seasonal: number[];
  readonly trend: number[];
  readonly remainder: number[];
  readonly weights: number[];
}

export interface RStlFixture {
  readonly r: string;
  readonly forecast: string;
  readonly date: string;
  readonly series: { readonly name: string; readonly period: number; readonly values: number[] }[];
  readonly cases: RStlCase[];
}

/** Reads `r-stl.json` (see README.md in this folder). */
export function loadRStlFixture(): RStlFixture {
  return JSON.parse(readFileSync(new URL('./r-stl.json', import.meta.url), 'utf8')) as RStlFixture;
}
