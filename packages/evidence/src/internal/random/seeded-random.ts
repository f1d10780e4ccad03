/** A small seeded generator (mulberry32): bootstrap intervals must be reproducible run to run. */
export interface SeededRandom {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform integer on [0, bound). */
  integer(bound: number): number;
}

/** Creates a generator from a 32-bit seed. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      let u = next();
      while (u === 0) u = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    integer(bound) {
      return Math.floor(next() * bound);
    },
  };
}

/** Lower Cholesky factor of a symmetric positive semi-definite row-major m × m matrix (zero pivots stay zero). */
export function choleskyLower(matrix: Float64Array, m: number): Float64Array {
  const lower = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * m + j] as number;
      for (let k = 0; k < j; k++) sum -= (lower[i * m + k] as number) * (lower[j * m + k] as number);
      if (i === j) lower[i * m + i] = sum > 0 ? Math.sqrt(sum) : 0;
      else {
        const pivot = lower[j * m + j] as number;
        lower[i * m + j] = pivot > 0 ? sum / pivot : 0;
      }
    }
  }
  return lower;
}

/** Percentile of sorted values by linear interpolation (numpy's default). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  const weight = position - low;
  return (sorted[low] as number) * (1 - weight) + (sorted[high] as number) * weight;
}
