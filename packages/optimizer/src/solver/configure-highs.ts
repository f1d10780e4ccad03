import { DyocenseError, parseInput } from '@dyocense/core';
import { z } from 'zod';
import { isHighsRequested, setHighsLoaderOptions } from './internal/load-highs.js';

/**
 * Where the HiGHS WebAssembly binary comes from, for bundlers that do not serve `highs.wasm` next to the
 * package's JavaScript. (highs 1.15.3 also lists `wasmBinary`/`wasmModule`, but its Node build reads the file
 * from `locateFile` regardless, so only `locateFile` is offered here.)
 */
export interface HighsLoadOptions {
  /** Maps the file name `highs.wasm` to its URL (browser) or path (Node). */
  readonly locateFile: (file: string) => string;
}

const optionsSchema = z.object({
  locateFile: z
    .custom<(file: string) => string>((value) => typeof value === 'function', 'must be a function')
    .optional(),
  wasmBinary: z
    .custom<ArrayBuffer | ArrayBufferView>(
      (value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value),
      'must be an ArrayBuffer or a typed array',
    )
    .optional(),
  wasmModule: z
    .custom<WebAssembly.Module>(
      (value) => value instanceof WebAssembly.Module,
      'must be a WebAssembly.Module',
    )
    .optional(),
});

/**
 * Tells the `highs` backend how to load its WebAssembly binary. Needed only in browsers whose bundler does not
 * serve `highs.wasm` beside the package's JavaScript; Node finds it on its own. Call it before the first solve.
 *
 * @throws DyocenseError `invalid_input` for malformed options; `conflict` when HiGHS is already loaded.
 * @example
 * configureHighs({ locateFile: (file) => `/assets/${file}` });
 */
export function configureHighs(options: HighsLoadOptions): void {
  parseInput(optionsSchema, options, 'HiGHS load options');
  if (isHighsRequested()) {
    throw new DyocenseError({
      code: 'conflict',
      message: 'HiGHS is already loaded; call configureHighs before the first solve',
    });
  }
  setHighsLoaderOptions({ locateFile: options.locateFile });
}
