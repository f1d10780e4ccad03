import { describe, it } from 'vitest';

/** Registers one vitest `describe` with an `it` per test id, skipping (with the reason) those in `skips`. */
export function defineSuite<TestId extends string>(
  title: string,
  ids: readonly TestId[],
  titles: Readonly<Record<TestId, string>>,
  checks: Readonly<Record<TestId, () => unknown>>,
  skips: ReadonlyMap<TestId, string>,
  timeout: number,
): void {
  describe(title, () => {
    for (const id of ids) {
      const reason = skips.get(id);
      const check = checks[id];
      const run = async () => {
        await check();
      };
      if (reason === undefined) it(titles[id], run, timeout);
      else it.skip(`${titles[id]} (skipped: ${reason})`, run);
    }
  });
}
