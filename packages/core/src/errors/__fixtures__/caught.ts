// Test helper shared by the unit tests of several concepts; not exported from the package.
import { DyocenseError } from '../dyocense-error.js';

/** Runs `run` and returns the DyocenseError it throws; fails the test when it returns or throws anything else. */
export function caught(run: () => unknown): DyocenseError {
  try {
    run();
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a DyocenseError');
}
