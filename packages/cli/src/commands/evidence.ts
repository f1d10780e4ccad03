import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import {
  buildCausalGraph,
  decomposeKpiChange,
  estimateImpact,
  estimateWhatIf,
  explainChange,
  grangerCausality,
} from '@dyocense/evidence';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';
import { readWideTable, type WideTable } from './evidence-input.js';

const options = {
  input: { type: 'string' },
  output: { type: 'string' },
  'max-lag': { type: 'string' },
  transform: { type: 'string' },
  alpha: { type: 'string' },
  target: { type: 'string' },
  intervention: { type: 'string' },
  controls: { type: 'string' },
  'control-lags': { type: 'string' },
  level: { type: 'string' },
  method: { type: 'string' },
  treatment: { type: 'string' },
  outcome: { type: 'string' },
  change: { type: 'string' },
  from: { type: 'string' },
  formula: { type: 'string' },
  formulas: { type: 'string' },
  required: { type: 'string' },
  forbidden: { type: 'string' },
  before: { type: 'string' },
  after: { type: 'string' },
  aggregate: { type: 'string' },
  metric: { type: 'string' },
  event: { type: 'string', multiple: true },
  mean: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArguments<typeof options>>['values'];

const subcommands = ['granger', 'graph', 'impact', 'whatif', 'decompose', 'explain'] as const;

function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message: `dyocense evidence: ${message}` });
}

function numberOption(values: Values, name: keyof Values, fallback?: number): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw !== 'string') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw invalid(`--${String(name)} must be a number, got "${raw}"`);
  return value;
}

function list(raw: string | undefined): string[] | undefined {
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
}

/** `a->b,c->d` (optionally `a->b@1` for a lag) as edges. */
function edges(raw: string | undefined): { source: string; target: string; lag?: number }[] {
  return (list(raw) ?? []).map((item) => {
    const match = /^([^>@-]+)->([^@]+)(?:@(\d+))?$/.exec(item);
    if (match === null) throw invalid(`edge "${item}" must look like source->target or source->target@lag`);
    const [, source, target, lag] = match;
    return {
      source: (source as string).trim(),
      target: (target as string).trim(),
      ...(lag === undefined ? {} : { lag: Number(lag) }),
    };
  });
}

/** `revenue=orders*price;conversion=orders/sessions` as formulas by KPI. */
function formulas(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  return Object.fromEntries(
    raw
      .split(';')
      .filter((item) => item.trim().length > 0)
      .map((item) => {
        const equals = item.indexOf('=');
        if (equals < 1) throw invalid(`formula "${item}" must look like kpi=expression`);
        return [item.slice(0, equals).trim(), item.slice(equals + 1).trim()];
      }),
  );
}

function level(values: Values): number {
  const raw = numberOption(values, 'level', 95) as number;
  return raw > 1 ? raw / 100 : raw;
}

function period(range: string, name: string): { start: string; end: string } {
  const [start, end] = range.split(':');
  if (start === undefined || end === undefined)
    throw invalid(`--${name} must be START:END dates, got "${range}"`);
  return { start, end };
}

/** `name@2024-10-03` or `name@2024-10-03:orders` (the metric the event acted on). */
function events(raw: readonly string[] | undefined, controls: string[] | undefined) {
  return (raw ?? []).map((item) => {
    const match = /^(.+)@(\d{4}-\d{2}-\d{2})(?::(.+))?$/.exec(item);
    if (match === null) throw invalid(`--event "${item}" must look like name@YYYY-MM-DD[:metric]`);
    const [, name, date, metric] = match;
    return {
      name: name as string,
      date: date as string,
      ...(metric === undefined ? {} : { metric }),
      ...(controls === undefined ? {} : { controls }),
    };
  });
}

function sliceRange(table: WideTable, range: string, name: string): number[] {
  const [from, to] = range.split(':');
  if (from === undefined || to === undefined)
    throw invalid(`--${name} must be START:END dates, got "${range}"`);
  const indices = table.dates.flatMap((date, index) => (date >= from && date <= to ? [index] : []));
  if (indices.length === 0) throw invalid(`--${name} ${range} matches no rows`);
  return indices;
}

async function run(subcommand: (typeof subcommands)[number], values: Values, io: CliIo): Promise<unknown> {
  if (values.input === undefined) throw invalid('--input FILE is required');
  const table = await readWideTable(values.input, io.cwd);
  const maxLag = numberOption(values, 'max-lag', 7) as number;
  const alpha = numberOption(values, 'alpha', 0.05) as number;
  switch (subcommand) {
    case 'granger': {
      const transform = values.transform ?? 'diff';
      if (transform !== 'auto' && transform !== 'none' && transform !== 'diff') {
        throw invalid(`--transform must be auto, none or diff, got "${transform}"`);
      }
      const result = grangerCausality({ series: table.series, dates: table.dates, maxLag, transform, alpha });
      return {
        transform: result.transform,
        observations: result.observations,
        summaryLag: result.summaryLag,
        tests: result.tests.map((test) =>
          test.testable
            ? {
                cause: test.cause,
                effect: test.effect,
                lag: test.lag,
                fStatistic: test.fStatistic,
                pValue: test.pValue,
                dfNumerator: test.dfNumerator,
                dfDenominator: test.dfDenominator,
              }
            : {
                cause: test.cause,
                effect: test.effect,
                lag: test.lag,
                fStatistic: null,
                pValue: null,
                reason: test.reason,
              },
        ),
        pairs: result.pairs,
        warnings: result.warnings,
      };
    }
    case 'graph':
      return buildCausalGraph({
        series: table.series,
        dates: table.dates,
        maxLag,
        alpha,
        formulas: formulas(values.formulas),
        required: edges(values.required),
        forbidden: edges(values.forbidden),
      });
    case 'impact': {
      if (values.target === undefined || values.intervention === undefined) {
        throw invalid('impact needs --target METRIC and --intervention DATE');
      }
      const controls = list(values.controls);
      const controlLags = Object.fromEntries(
        (list(values['control-lags']) ?? []).map((item) => {
          const [name, lags] = item.split(':');
          if (name === undefined || lags === undefined)
            throw invalid(`--control-lags item "${item}" must be name:0/1/2`);
          return [name, lags.split('/').map(Number)];
        }),
      );
      const method = values.method ?? 'auto';
      if (method !== 'auto' && method !== 'ols' && method !== 'state-space') {
        throw invalid(`--method must be auto, ols or state-space, got "${method}"`);
      }
      const result = estimateImpact({
        series: table.series,
        dates: table.dates,
        target: values.target,
        ...(controls === undefined ? {} : { controls }),
        controlLags,
        interventionDate: values.intervention,
        level: level(values),
        method,
      });
      return result;
    }
    case 'whatif': {
      if (values.treatment === undefined || values.outcome === undefined || values.change === undefined) {
        throw invalid('whatif needs --treatment METRIC --outcome METRIC --change 0.2 [--from DATE]');
      }
      const raw = values.change.trim();
      const change = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
      if (!Number.isFinite(change))
        throw invalid(`--change must be a fraction (0.2) or a percentage (20%), got "${raw}"`);
      const graph = buildCausalGraph({
        series: table.series,
        dates: table.dates,
        maxLag,
        alpha,
        formulas: formulas(values.formulas),
        required: edges(values.required),
        forbidden: edges(values.forbidden),
      });
      return {
        ...estimateWhatIf({
          series: table.series,
          dates: table.dates,
          graph,
          treatment: values.treatment,
          outcome: values.outcome,
          change,
          ...(values.from === undefined ? {} : { fromDate: values.from }),
          level: level(values),
        }),
        graph,
      };
    }
    case 'explain': {
      if (values.metric === undefined || values.before === undefined || values.after === undefined) {
        throw invalid('explain needs --metric METRIC --before START:END --after START:END');
      }
      return explainChange({
        series: table.series,
        dates: table.dates,
        metric: values.metric,
        from: period(values.before, 'before'),
        to: period(values.after, 'after'),
        formulas: formulas(values.formulas),
        aggregations: Object.fromEntries((list(values.mean) ?? []).map((name) => [name, 'mean' as const])),
        maxLag,
        alpha,
        level: level(values),
        required: edges(values.required),
        forbidden: edges(values.forbidden),
        events: events(values.event, list(values.controls)),
      });
    }
    case 'decompose': {
      if (values.formula === undefined || values.before === undefined || values.after === undefined) {
        throw invalid('decompose needs --formula EXPRESSION --before START:END --after START:END');
      }
      const aggregate = values.aggregate ?? 'sum';
      if (aggregate !== 'sum' && aggregate !== 'mean')
        throw invalid(`--aggregate must be sum or mean, got "${aggregate}"`);
      const totals = (indices: number[]) =>
        Object.fromEntries(
          Object.entries(table.series).map(([name, series]) => {
            const sum = indices.reduce((total, index) => total + (series[index] as number), 0);
            return [name, aggregate === 'sum' ? sum : sum / indices.length];
          }),
        );
      const before = totals(sliceRange(table, values.before, 'before'));
      const after = totals(sliceRange(table, values.after, 'after'));
      return {
        aggregate,
        ...decomposeKpiChange({ formula: values.formula, drivers: formulas(values.formulas), before, after }),
      };
    }
  }
}

/**
 * `dyocense evidence granger|graph|impact|whatif|decompose|explain --input data.csv [options] [--output result.json]`:
 * the evidence engine on a wide CSV (a date column plus one column per metric), JSON out.
 */
export async function evidenceCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('evidence', argv, options, 1);
  const subcommand = positionals[0];
  if (subcommand === undefined || !(subcommands as readonly string[]).includes(subcommand)) {
    throw invalid(
      `choose one of ${subcommands.join(', ')}${subcommand === undefined ? '' : `, got "${subcommand}"`}`,
    );
  }
  const result = await run(subcommand as (typeof subcommands)[number], values, io);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.output === undefined) io.stdout(text);
  else {
    await writeFile(resolve(io.cwd, values.output), text);
    io.stdout(`Wrote ${values.output}\n`);
  }
  return exitCodes.ok;
}
