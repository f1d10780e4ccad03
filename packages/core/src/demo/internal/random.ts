/**
 * A seeded pseudo-random generator with the distributions the demo data needs.
 *
 * The core is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand to
 * many terabytes) seeded through splitmix32. Everything is plain 32-bit integer arithmetic, so a seed gives
 * the same stream on every platform. Each part of the simulation draws from its own named stream (see
 * {@link createRandom}), so adding a shop or a series does not shift the numbers of the others.
 */
export interface Random {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  uniform(): number;
  /** Uniform integer in [minimum, maximum] (both inclusive). */
  integer(minimum: number, maximum: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** Standard normal (Marsaglia's polar method). */
  normal(): number;
  /** Log-normal multiplier with mean 1 and log-scale standard deviation `sigma`. */
  lognormalMultiplier(sigma: number): number;
  /** Gamma(shape, scale = 1) by Marsaglia and Tsang (2000); shapes below 1 use the boost u^(1/shape). */
  gamma(shape: number): number;
  /** Poisson count with mean `mean` (Knuth's product method below 30, a rounded normal above). */
  poisson(mean: number): number;
  /** Negative-binomial count with mean `mean` and size `dispersion` (variance mean + mean²/dispersion). */
  negativeBinomial(mean: number, dispersion: number): number;
}

function splitmix32(state: number): () => number {
  let current = state >>> 0;
  return () => {
    current = (current + 0x9e3779b9) >>> 0;
    let mixed = current;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units of `text`: turns a stream name into 32 bits. */
function hashLabel(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Creates the random stream named `label` for `seed`. Equal (seed, label) pairs give equal streams.
 *
 * @param seed - an unsigned 32-bit integer.
 */
export function createRandom(seed: number, label: string): Random {
  const seeder = splitmix32(seed ^ hashLabel(label));
  let a = seeder();
  let b = seeder();
  let c = seeder();
  let counter = seeder();
  const next = (): number => {
    const result = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + result) >>> 0;
    return result;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let round = 0; round < 12; round++) next();

  const uniform = (): number => next() / 4294967296;

  let spareNormal: number | undefined;
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        spareNormal = v * factor;
        return u * factor;
      }
    }
  };

  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let product = uniform();
      let count = 0;
      while (product > limit) {
        product *= uniform();
        count++;
      }
      return count;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  };

  return {
    uniform,
    integer: (minimum, maximum) => minimum + Math.floor(uniform() * (maximum - minimum + 1)),
    chance: (probability) => uniform() < probability,
    normal,
    lognormalMultiplier: (sigma) => Math.exp(sigma * normal() - (sigma * sigma) / 2),
    gamma,
    poisson,
    negativeBinomial: (mean, dispersion) => (mean > 0 ? poisson(gamma(dispersion) * (mean / dispersion)) : 0),
  };
}
