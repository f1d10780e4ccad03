import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DyocenseError } from '@dyocense/core';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly (unknown flags and missing values are errors).
 *
 * @throws DyocenseError `invalid_input` with the parser's message, so the CLI exits 2.
 */
export function parseCommandArguments<const T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
  maxPositionals: number,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    if (parsed.positionals.length > maxPositionals) {
      throw new DyocenseError({
        code: 'invalid_input',
        message: `dyocense ${command}: unexpected argument "${parsed.positionals[maxPositionals]}"`,
      });
    }
    return parsed;
  } catch (error) {
    if (DyocenseError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DyocenseError({
      code: 'invalid_input',
      message: `dyocense ${command}: ${message}`,
      cause: error,
    });
  }
}
