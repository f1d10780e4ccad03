import { loessEstimate } from './loess-estimate.js';

/**
 * Loess smoothing of `y[0..n-1]` into `smoothed[0..n-1]` (the STL Fortran `stless`): fits at every `jump`-th
 * point (and the last) and linear interpolation between them. A point whose fit has no weight keeps its
 * value. The last point reuses the window of the last regular fit, exactly as the Fortran does.
 *
 * @param span - loess window (odd, ≥ 3).
 * @param scratch - length ≥ `n`, overwritten.
 */
export function loessSmooth(
  y: Float64Array,
  n: number,
  span: number,
  degree: number,
  jump: number,
  robustnessWeights: Float64Array | undefined,
  smoothed: Float64Array,
  scratch: Float64Array,
): void {
  if (n < 2) {
    smoothed[0] = y[0] as number;
    return;
  }
  const step = Math.min(jump, n - 1);
  let left = 1;
  let right = n;
  const fitAt = (position: number): void => {
    const value = loessEstimate(y, n, span, degree, position, left, right, scratch, robustnessWeights);
    smoothed[position - 1] = value ?? (y[position - 1] as number);
  };
  if (span >= n) {
    for (let i = 1; i <= n; i += step) fitAt(i);
  } else if (step === 1) {
    const half = Math.trunc((span + 1) / 2);
    right = span;
    for (let i = 1; i <= n; i += 1) {
      if (i > half && right !== n) {
        left += 1;
        right += 1;
      }
      fitAt(i);
    }
  } else {
    const half = Math.trunc((span + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        left = 1;
        right = span;
      } else if (i >= n - half + 1) {
        left = n - span + 1;
        right = n;
      } else {
        left = i - half + 1;
        right = span + i - half;
      }
      fitAt(i);
    }
  }
  if (step === 1) return;
  for (let i = 1; i <= n - step; i += step) {
    const start = smoothed[i - 1] as number;
    const delta = ((smoothed[i + step - 1] as number) - start) / step;
    for (let j = i + 1; j <= i + step - 1; j += 1) smoothed[j - 1] = start + delta * (j - i);
  }
  const last = Math.trunc((n - 1) / step) * step + 1;
  if (last === n) return;
  fitAt(n);
  if (last === n - 1) return;
  const start = smoothed[last - 1] as number;
  const delta = ((smoothed[n - 1] as number) - start) / (n - last);
  for (let j = last + 1; j <= n - 1; j += 1) smoothed[j - 1] = start + delta * (j - last);
}
