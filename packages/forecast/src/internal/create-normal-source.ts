/** A seeded source of standard normal draws (deterministic for a seed). */
export interface NormalSource {
  next(): number;
}

/**
 * Standard normal draws from a seeded xoshiro128** generator (Blackman & Vigna) through the Marsaglia polar
 * method. The 32-bit seed is expanded with SplitMix32 so nearby seeds give unrelated streams.
 *
 * @param seed - any number; only its low 32 bits (as `seed >>> 0`) matter.
 * @example
 * const normal = createNormalSource(1);
 * const shock = sigma * normal.next();
 */
export function createNormalSource(seed: number): NormalSource {
  let s = seed >>> 0;
  const splitMix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitMix();
  let b = splitMix();
  let c = splitMix();
  let d = splitMix();
  const uniform = (): number => {
    const result = Math.imul(rotate(Math.imul(b, 5), 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotate(d, 11);
    return (result + 0.5) / 4294967296;
  };
  let spare: number | undefined;
  return {
    next(): number {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      let u: number;
      let v: number;
      let radius: number;
      do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        radius = u * u + v * v;
      } while (radius >= 1 || radius === 0);
      const factor = Math.sqrt((-2 * Math.log(radius)) / radius);
      spare = v * factor;
      return u * factor;
    },
  };
}

function rotate(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
