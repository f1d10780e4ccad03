/** Running mean of `length` consecutive values: `average[i] = mean(x[i..i+length-1])` for the `n - length + 1` windows (STL's `stlma`). */
function movingAverage(x: Float64Array, n: number, length: number, average: Float64Array): void {
  const windows = n - length + 1;
  let total = 0;
  for (let i = 0; i < length; i += 1) total += x[i] as number;
  average[0] = total / length;
  for (let j = 1; j < windows; j += 1) {
    total = total - (x[j - 1] as number) + (x[j + length - 1] as number);
    average[j] = total / length;
  }
}

/**
 * STL's low-pass filter of the cycle-subseries smooth (`stlfts`): moving averages of length `period`,
 * `period` and 3, which shorten the `n`-point input (n = series length + 2·period) to the series length.
 *
 * @param output - receives `n - 2·period` values.
 * @param scratch - length ≥ `n - period + 1`.
 */
export function lowPassFilter(
  x: Float64Array,
  n: number,
  period: number,
  output: Float64Array,
  scratch: Float64Array,
): void {
  movingAverage(x, n, period, output);
  movingAverage(output, n - period + 1, period, scratch);
  movingAverage(scratch, n - 2 * period + 2, 3, output);
}
