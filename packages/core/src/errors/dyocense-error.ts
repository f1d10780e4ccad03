import type { ErrorCode } from './error-code.js';

const marker = Symbol.for('dyocense.error.DyocenseError');

/** One validation problem: where it is and what is wrong. Mirrors zod's issues plus file positions. */
export interface ErrorIssue {
  /** Path inside the input object, e.g. `['products', 3, 'unitCost']`. */
  readonly path: readonly PropertyKey[];
  /** Human-readable reason. */
  readonly message: string;
  /** zod issue code or a Dyocense reason code (`invalid_date`, `duplicate_key`, ...). */
  readonly code: string;
  /** 1-based line in the source file, when the input came from a file. */
  readonly line?: number;
  /** 1-based column in the source file, when known. */
  readonly column?: number;
}

/** Options accepted by {@link DyocenseError}. */
export interface DyocenseErrorOptions {
  readonly code: ErrorCode;
  readonly message: string;
  readonly cause?: unknown;
  readonly issues?: readonly ErrorIssue[];
  /** Extra, JSON-serialisable facts for callers (e.g. the plugin check that failed). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error type every Dyocense entry point throws.
 *
 * Check with `DyocenseError.isInstance(error)` rather than `instanceof`: the `Symbol.for` marker survives
 * duplicated installs of the package.
 *
 * @example
 * try { fitSomething(input) } catch (error) {
 *   if (DyocenseError.isInstance(error) && error.code === 'invalid_input') console.error(error.issues);
 * }
 */
export class DyocenseError extends Error {
  protected readonly [marker] = true;
  readonly code: ErrorCode;
  readonly issues: readonly ErrorIssue[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(options: DyocenseErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DyocenseError';
    this.code = options.code;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  /** True for any Dyocense error, whichever copy of the package created it. */
  static isInstance(error: unknown): error is DyocenseError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** A plain object for logs and HTTP bodies (no stack, no cause chain). */
  toJSON(): {
    code: ErrorCode;
    message: string;
    issues: readonly ErrorIssue[];
    details: Readonly<Record<string, unknown>>;
  } {
    return { code: this.code, message: this.message, issues: this.issues, details: this.details };
  }
}
