import { DyocenseError } from '../errors/index.js';
import { kpiCapabilityProblems } from '../plugin/internal/capability-problems.js';
import { kpiShapeSchema } from '../plugin/internal/contribution-schemas.js';
import type { KpiInputsV1, KpiV1 } from '../plugin/spec/kpi-v1.js';
import { failIfProblems } from './conformance-failure.js';

/** Ids of the tests {@link describeKpi} generates. */
export const kpiTestIds = ['definition', 'examples', 'pure', 'finite', 'invalid-input'] as const;
/** One of {@link kpiTestIds}. */
export type KpiTestId = (typeof kpiTestIds)[number];

/** A worked example: inputs for one period and the value the KPI must give (`null` for undefined). */
export interface KpiExample {
  readonly inputs: KpiInputsV1;
  readonly expected: number | null;
  /** Absolute tolerance. Default `1e-9 * max(1, |expected|)`. */
  readonly tolerance?: number;
}

/** What the KPI checks need besides the KPI: at least one worked example. */
export interface KpiFixture {
  readonly examples: readonly KpiExample[];
}

function run(kpi: KpiV1, inputs: KpiInputsV1): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: kpi.compute(inputs) };
  } catch (error) {
    return { ok: false, error };
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** `definition`: the KPI's shape is valid, its apiVersion is 1, and its definition compiles. */
export function checkKpiDefinition(kpi: KpiV1): void {
  const shape = kpiShapeSchema.safeParse(kpi);
  if (!shape.success) {
    failIfProblems(
      'definition',
      shape.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems = kpiCapabilityProblems(kpi);
  if (kpi.apiVersion !== 1) problems.push(`apiVersion is ${kpi.apiVersion}, expected 1`);
  failIfProblems('definition', problems);
}

/** `examples`: every worked example gives its expected value. */
export function checkKpiExamples(kpi: KpiV1, fixture: KpiFixture): void {
  const problems: string[] = [];
  if (fixture.examples.length === 0) problems.push('give at least one worked example');
  for (const [index, example] of fixture.examples.entries()) {
    const outcome = run(kpi, structuredClone(example.inputs));
    const label = `example ${index + 1} (${JSON.stringify(example.inputs)})`;
    if (!outcome.ok) {
      problems.push(`${label} threw ${message(outcome.error)}`);
      continue;
    }
    const { expected } = example;
    const actual = outcome.value;
    if (expected === null || actual === null) {
      if (expected !== actual) problems.push(`${label} gave ${String(actual)}, expected ${String(expected)}`);
      continue;
    }
    const tolerance = example.tolerance ?? 1e-9 * Math.max(1, Math.abs(expected));
    if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tolerance)) {
      problems.push(`${label} gave ${String(actual)}, expected ${expected} ± ${tolerance}`);
    }
  }
  failIfProblems('examples', problems);
}

/** `pure`: computing twice on frozen inputs gives the same value and does not touch the inputs. */
export function checkKpiPure(kpi: KpiV1, fixture: KpiFixture): void {
  const problems: string[] = [];
  fixture.examples.forEach((example, index) => {
    const frozen = deepFreeze(structuredClone(example.inputs));
    const first = run(kpi, frozen);
    const second = run(kpi, frozen);
    const label = `example ${index + 1}`;
    if (!first.ok || !second.ok) {
      problems.push(
        `${label} threw on frozen inputs: ${message(first.ok ? (second as { error: unknown }).error : first.error)}`,
      );
    } else if (!Object.is(first.value, second.value)) {
      problems.push(`${label} gave ${String(first.value)} then ${String(second.value)} for the same inputs`);
    }
  });
  failIfProblems('pure', problems);
}

/**
 * `finite`: for the examples and variations of them (inputs scaled by 0, -1, 1e-300 and 1e300), the KPI
 * returns a finite number or `null`, or throws a DyocenseError; never NaN, Infinity or another error.
 */
export function checkKpiFinite(kpi: KpiV1, fixture: KpiFixture): void {
  const problems: string[] = [];
  const scale = (inputs: KpiInputsV1, factor: number): KpiInputsV1 =>
    Object.fromEntries(
      Object.entries(inputs).map(([key, value]) => [
        key,
        typeof value === 'number'
          ? value * factor
          : Object.fromEntries(
              Object.entries(value).map(([aggregation, item]) => [aggregation, (item ?? 0) * factor]),
            ),
      ]),
    );
  for (const example of fixture.examples) {
    for (const factor of [1, 0, -1, 1e-300, 1e300]) {
      const inputs = scale(example.inputs, factor);
      const outcome = run(kpi, inputs);
      const label = `inputs ${JSON.stringify(inputs)}`;
      if (!outcome.ok) {
        if (!DyocenseError.isInstance(outcome.error))
          problems.push(`${label} crashed: ${message(outcome.error)}`);
      } else if (
        outcome.value !== null &&
        !(typeof outcome.value === 'number' && Number.isFinite(outcome.value))
      ) {
        problems.push(`${label} gave ${String(outcome.value)}`);
      }
    }
  }
  failIfProblems('finite', problems);
}

/** `invalid-input`: computing without the metrics the formula needs throws DyocenseError `invalid_input`. */
export function checkKpiInvalidInput(kpi: KpiV1): void {
  const outcome = run(kpi, {});
  const problems: string[] = [];
  if (outcome.ok)
    problems.push(`compute({}) returned ${String(outcome.value)} instead of throwing invalid_input`);
  else if (!DyocenseError.isInstance(outcome.error) || outcome.error.code !== 'invalid_input') {
    problems.push(`compute({}) threw ${message(outcome.error)}, expected DyocenseError invalid_input`);
  }
  failIfProblems('invalid-input', problems);
}
