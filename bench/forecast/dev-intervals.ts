// Interval rules of the combination compared on development windows, from the JSON written by dev-dump.ts
// (which must have been run with the code whose intervals are the baseline). For every series where `auto`
// kept the combination, the conformal half-widths are rescaled from the dumped factor (`--dumped`, the
// `conformalWidening` of that code) to each factor, alone and floored by ETS's own half-widths. Run with
//   node --conditions=@dyocense/source --import tsx bench/forecast/dev-intervals.ts --dumped 1.3 FILE...
import { readFileSync } from 'node:fs';

interface Dumped {
  readonly mean: number[];
  readonly lo95: number[];
  readonly hi95: number[];
  readonly model: string;
  readonly ensemble?: readonly { readonly name: string }[];
}

interface Dump {
  readonly set: { readonly name: string };
  readonly rows: readonly {
    readonly actual: number[];
    readonly models: Record<string, Dumped | undefined>;
  }[];
}

const args = process.argv.slice(2);
const dumpedAt = args.indexOf('--dumped');
const dumped = dumpedAt >= 0 ? Number(args[dumpedAt + 1]) : 1.3;
const files = args.filter((_, index) => index !== dumpedAt && index !== dumpedAt + 1);
for (const file of files) {
  const { set, rows } = JSON.parse(readFileSync(file, 'utf8')) as Dump;
  const counts = new Map<string, [number, number]>();
  const add = (
    rule: string,
    actual: readonly number[],
    lower: readonly number[],
    upper: readonly number[],
  ) => {
    const count = counts.get(rule) ?? [0, 0];
    actual.forEach((value, step) => {
      count[1]++;
      if (value >= (lower[step] as number) && value <= (upper[step] as number)) count[0]++;
    });
    counts.set(rule, count);
  };
  for (const { actual, models } of rows) {
    const auto = models.auto;
    const ets = models.ets;
    if (auto === undefined || ets === undefined) continue;
    add('ets', actual, ets.lo95, ets.hi95);
    const combined = auto.model === 'ensemble';
    const floored = combined && (auto.ensemble ?? []).some((member) => member.name === 'ets');
    for (const factor of [1, 1.2, 1.3, 1.5]) {
      const ratio = factor / dumped;
      const lower = combined
        ? auto.mean.map((m, i) => m - ratio * (m - (auto.lo95[i] as number)))
        : auto.lo95;
      const upper = combined
        ? auto.mean.map((m, i) => m + ratio * ((auto.hi95[i] as number) - m))
        : auto.hi95;
      add(`conformal x${factor}`, actual, lower, upper);
      const below = (i: number) => (ets.mean[i] as number) - (ets.lo95[i] as number);
      const above = (i: number) => (ets.hi95[i] as number) - (ets.mean[i] as number);
      add(
        `max(conformal x${factor}, ets)`,
        actual,
        floored ? lower.map((value, i) => Math.min(value, (auto.mean[i] as number) - below(i))) : lower,
        floored ? upper.map((value, i) => Math.max(value, (auto.mean[i] as number) + above(i))) : upper,
      );
    }
  }
  const cells = [...counts].map(([rule, [covered, points]]) => `${rule} ${(covered / points).toFixed(3)}`);
  console.log(`${set.name} (${rows.length} series): ${cells.join(' | ')}`);
}
