import type { Highs, InitOptions } from 'highs';
import highsImport from 'highs';
import { interopDefault } from './interop-default.js';

let loading: Promise<Highs> | undefined;
let loaderOptions: InitOptions = {};

/** Whether the module has been requested (after that, loader options can no longer change). */
export function isHighsRequested(): boolean {
  return loading !== undefined;
}

/** Sets the options of the one-time WebAssembly load (see `configureHighs`). */
export function setHighsLoaderOptions(options: InitOptions): void {
  loaderOptions = options;
}

/**
 * Loads the HiGHS WebAssembly module once per process and caches it. In Node the loader reads `highs.wasm`
 * shipped next to its JavaScript, so nothing is downloaded.
 */
export function getHighs(): Promise<Highs> {
  if (loading !== undefined) return loading;
  const loadHighs = interopDefault<(options?: InitOptions) => Promise<Highs>>(
    highsImport,
    (candidate) => typeof candidate === 'function',
  );
  const promise = loadHighs(loaderOptions).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  loading = promise;
  return promise;
}
