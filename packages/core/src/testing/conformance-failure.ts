/**
 * Thrown by a conformance check that found the plugin breaking its contract. `check` is the test id
 * (`check-invalid`, `incremental-resume`, ...), `problems` the individual findings.
 */
export class ConformanceFailure extends Error {
  readonly check: string;
  readonly problems: readonly string[];

  constructor(check: string, problems: readonly string[]) {
    const shown = problems.slice(0, 5).map((problem) => `  - ${problem}`);
    const more = problems.length > 5 ? [`  - ... and ${problems.length - 5} more`] : [];
    super([`Conformance check "${check}" failed:`, ...shown, ...more].join('\n'));
    this.name = 'ConformanceFailure';
    this.check = check;
    this.problems = problems;
  }
}

/** Throws a {@link ConformanceFailure} when there are problems. */
export function failIfProblems(check: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new ConformanceFailure(check, problems);
}
