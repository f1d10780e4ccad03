import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DyocenseError } from '@dyocense/core';
import type { CliIo } from '../cli-io.js';
import { exitCodes, toErrorReport } from '../exit-code.js';
import { parseCommandArguments } from '../parse-command-arguments.js';

const options = {
  input: { type: 'string' },
  output: { type: 'string' },
  'time-limit': { type: 'string' },
  gap: { type: 'string' },
} as const;

const kinds = ['inventory', 'staffing', 'assignment', 'budget'] as const;
type Kind = (typeof kinds)[number];

function invalid(message: string): DyocenseError {
  return new DyocenseError({ code: 'invalid_input', message: `dyocense optimize: ${message}` });
}

function positiveNumber(value: string | undefined, flag: string, maximum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !(parsed > 0 && parsed <= maximum)) {
    throw invalid(`${flag} must be a number in (0, ${maximum}], got "${value}"`);
  }
  return parsed;
}

/** What a solve produced: the JSON to write and, when no plan exists, the reason in words. */
interface Outcome {
  readonly result: unknown;
  readonly infeasible: string | null;
  readonly summary: readonly string[];
}

async function run(
  kind: Kind,
  problem: unknown,
  timeLimit: number | undefined,
  gap: number | undefined,
): Promise<Outcome> {
  const solveOptions = {
    ...(timeLimit === undefined ? {} : { timeLimit }),
    ...(gap === undefined ? {} : { gapTolerance: gap }),
  };
  const optimizer = await import('@dyocense/optimizer');
  switch (kind) {
    case 'inventory': {
      const plan = await optimizer.optimizeInventoryOrders(problem as never, solveOptions);
      return { result: plan, infeasible: null, summary: plan.explanation };
    }
    case 'budget': {
      try {
        const plan = await optimizer.allocateBudget(
          problem as never,
          timeLimit === undefined ? {} : { timeLimit },
        );
        return { result: plan, infeasible: null, summary: plan.explanation };
      } catch (error) {
        if (!DyocenseError.isInstance(error) || error.code !== 'infeasible') throw error;
        return {
          result: { status: 'infeasible', explanation: error.message, details: error.details },
          infeasible: error.message,
          summary: [],
        };
      }
    }
    case 'staffing': {
      const result = await optimizer.scheduleShifts(problem as never, solveOptions);
      return {
        result,
        infeasible:
          result.status === 'infeasible'
            ? (result.explanation?.summary ?? 'no roster meets the rules')
            : null,
        summary: [`${result.status}: labour cost ${result.objective}, gap ${result.gap ?? 'unknown'}`],
      };
    }
    case 'assignment': {
      const result = await optimizer.assignTasks(problem as never, solveOptions);
      return {
        result,
        infeasible:
          result.status === 'infeasible'
            ? (result.explanation ?? 'the required tasks cannot all be assigned')
            : null,
        summary: [
          `${result.status}: total value ${result.value}, ${result.unassignedTaskIds.length} tasks unassigned`,
        ],
      };
    }
  }
}

/**
 * `dyocense optimize inventory|staffing|assignment|budget --input problem.json [--output result.json]
 * [--time-limit SECONDS] [--gap FRACTION]`: solves the problem and writes the result as JSON (stdout, or
 * `--output` with a short summary on stdout). When no plan exists the JSON still says why (`status:
 * "infeasible"` and the explanation), the explanation goes to stderr as `error[infeasible]: ...`, and the exit
 * code is 3.
 */
export async function optimizeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArguments('optimize', argv, options, 2);
  const kind = positionals[0];
  if (kind === undefined || !(kinds as readonly string[]).includes(kind)) {
    throw invalid(
      `first argument must be one of ${kinds.join(', ')}${kind === undefined ? '' : `, got "${kind}"`}`,
    );
  }
  const input = values.input ?? positionals[1];
  if (input === undefined) throw invalid('--input FILE is required');
  const timeLimit = positiveNumber(values['time-limit'], '--time-limit', 86_400);
  const gap = positiveNumber(values.gap, '--gap', 1);
  let problem: unknown;
  try {
    problem = JSON.parse(await readFile(resolve(io.cwd, input), 'utf8'));
  } catch (error) {
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense optimize: cannot read ${input} as JSON: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  const outcome = await run(kind as Kind, problem, timeLimit, gap);
  const text = `${JSON.stringify(outcome.result, null, 2)}\n`;
  if (values.output === undefined) io.stdout(text);
  else {
    await writeFile(resolve(io.cwd, values.output), text);
    if (outcome.infeasible === null) io.stdout(`${outcome.summary.join('\n')}\n`);
  }
  if (outcome.infeasible !== null) {
    const report = toErrorReport(new DyocenseError({ code: 'infeasible', message: outcome.infeasible }));
    io.stderr(`${report.line}\n`);
    return exitCodes.noSolution;
  }
  return exitCodes.ok;
}
