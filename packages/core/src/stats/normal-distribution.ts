// The standard normal distribution for every engine (forecast intervals, inventory service levels, evidence
// p-values): R's algorithms, so results match R and SciPy to the last digits.

const oneOverSqrtTwoPi = 0.3989422804014327;
const sqrt32 = 5.656854249492381;

const a = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const b = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const c = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const d = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const p = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5,
  0.023073441764940174,
];
const q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5,
];

const at = (values: readonly number[], index: number): number => values[index] as number;

/** exp(-y²/2) computed in two parts so that the tails keep their relative accuracy (Cody's trick). */
function gaussianTail(y: number, factor: number): number {
  const rounded = Math.trunc(y * 16) / 16;
  const remainder = (y - rounded) * (y + rounded);
  return Math.exp(-rounded * rounded * 0.5) * Math.exp(-remainder * 0.5) * factor;
}

/**
 * Lower and upper tail of the standard normal at `x` (Cody 1993, as in R's `pnorm`), each accurate to about
 * 1e-16 relative, so that `1 - normalCdf(x)` is never needed for large x.
 */
function normalTails(x: number): { lower: number; upper: number } {
  if (Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let numerator = 0;
    let denominator = 0;
    if (y > 1e-300) {
      const square = x * x;
      numerator = at(a, 4) * square;
      denominator = square;
      for (let index = 0; index < 3; index++) {
        numerator = (numerator + at(a, index)) * square;
        denominator = (denominator + at(b, index)) * square;
      }
    }
    const temp = (x * (numerator + at(a, 3))) / (denominator + at(b, 3));
    return { lower: 0.5 + temp, upper: 0.5 - temp };
  }
  let tail: number;
  if (y <= sqrt32) {
    let numerator = at(c, 8) * y;
    let denominator = y;
    for (let index = 0; index < 7; index++) {
      numerator = (numerator + at(c, index)) * y;
      denominator = (denominator + at(d, index)) * y;
    }
    tail = gaussianTail(y, (numerator + at(c, 7)) / (denominator + at(d, 7)));
  } else {
    const inverseSquare = 1 / (x * x);
    let numerator = at(p, 5) * inverseSquare;
    let denominator = inverseSquare;
    for (let index = 0; index < 4; index++) {
      numerator = (numerator + at(p, index)) * inverseSquare;
      denominator = (denominator + at(q, index)) * inverseSquare;
    }
    const ratio = (inverseSquare * (numerator + at(p, 4))) / (denominator + at(q, 4));
    tail = gaussianTail(y, (oneOverSqrtTwoPi - ratio) / y);
  }
  return x > 0 ? { lower: 1 - tail, upper: tail } : { lower: tail, upper: 1 - tail };
}

/** Standard normal cumulative distribution function Φ(x), accurate to about 1e-16 relative in both tails. */
export function normalCdf(x: number): number {
  return normalTails(x).lower;
}

/** Standard normal survival function 1 − Φ(x), computed directly so that it keeps its accuracy for large x. */
export function normalSurvival(x: number): number {
  return normalTails(x).upper;
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return oneOverSqrtTwoPi * Math.exp(-0.5 * x * x);
}

/**
 * Quantile of the standard normal distribution (Wichura's algorithm AS 241, PPND16), accurate to about
 * 1e-16 relative: the same algorithm as R's `qnorm`.
 *
 * @param probability - in (0, 1); 0 and 1 give -Infinity and Infinity, anything else outside [0, 1] gives NaN.
 * @example
 * normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(probability: number): number {
  if (Number.isNaN(probability) || probability < 0 || probability > 1) return Number.NaN;
  if (probability === 0) return Number.NEGATIVE_INFINITY;
  if (probability === 1) return Number.POSITIVE_INFINITY;
  const q = probability - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? probability : 1 - probability;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}
