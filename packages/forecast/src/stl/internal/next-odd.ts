/**
 * R's `nextodd` inside `stats::stl`: rounds (half to even, as R's `round`) and adds one to even results.
 */
export function nextOdd(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  let rounded = fraction > 0.5 ? floor + 1 : fraction < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  if (rounded % 2 === 0) rounded += 1;
  return rounded;
}
