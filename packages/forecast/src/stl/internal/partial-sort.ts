/**
 * STL's `psort` (Singleton's quicksort, ACM algorithm 347, stopped early): partially sorts `a` (1-based
 * positions, `a[p - 1]`) so that the positions in `positions` hold their order statistics.
 *
 * It is ported statement by statement because R's `stl` calls it with the positions out of order
 * (`⌊n/2⌋ + 1`, then `n - ⌊n/2⌋`); for even `n` the second position is then not always the true order
 * statistic, and R's robustness weights depend on exactly which value lands there.
 */
export function partialSort(a: Float64Array, n: number, positions: readonly number[]): void {
  const count = positions.length;
  if (n < 2 || count === 0) return;
  const at = (position: number): number => a[position - 1] as number;
  const set = (position: number, value: number): void => {
    a[position - 1] = value;
  };
  const index = (slot: number): number => positions[slot - 1] as number;
  const lowerIndex = new Array<number>(17).fill(0);
  const upperIndex = new Array<number>(17).fill(0);
  const lowerBound = new Array<number>(17).fill(0);
  const upperBound = new Array<number>(17).fill(0);
  let jl = 1;
  let ju = count;
  lowerIndex[1] = 1;
  upperIndex[1] = count;
  let i = 1;
  let j = n;
  let m = 1;
  let k = 0;
  let l = 0;
  let t = 0;
  let state: 'outer' | 'pop' | 'while' | 'partition' | 'insertion' = 'outer';
  for (;;) {
    switch (state) {
      case 'outer':
        state = i < j ? 'partition' : 'pop';
        break;
      case 'pop':
        m -= 1;
        if (m === 0) return;
        i = lowerBound[m] as number;
        j = upperBound[m] as number;
        jl = lowerIndex[m] as number;
        ju = upperIndex[m] as number;
        state = jl <= ju ? 'while' : 'pop';
        break;
      case 'while':
        state = j - i > 10 ? 'partition' : 'insertion';
        break;
      case 'partition': {
        k = i;
        const middle = Math.trunc((i + j) / 2);
        t = at(middle);
        if (at(i) > t) {
          set(middle, at(i));
          set(i, t);
          t = at(middle);
        }
        l = j;
        if (at(j) < t) {
          set(middle, at(j));
          set(j, t);
          t = at(middle);
          if (at(i) > t) {
            set(middle, at(i));
            set(i, t);
            t = at(middle);
          }
        }
        for (;;) {
          l -= 1;
          if (at(l) <= t) {
            const swap = at(l);
            do {
              k += 1;
            } while (!(at(k) >= t));
            if (k > l) break;
            set(l, at(k));
            set(k, swap);
          }
        }
        lowerIndex[m] = jl;
        upperIndex[m] = ju;
        const p = m;
        m += 1;
        state = 'while';
        if (l - i <= j - k) {
          lowerBound[p] = k;
          upperBound[p] = j;
          j = l;
          for (;;) {
            if (jl > ju) {
              state = 'pop';
              break;
            }
            if (index(ju) > j) {
              ju -= 1;
              continue;
            }
            lowerIndex[p] = ju + 1;
            break;
          }
        } else {
          lowerBound[p] = i;
          upperBound[p] = l;
          i = k;
          for (;;) {
            if (jl > ju) {
              state = 'pop';
              break;
            }
            if (index(jl) < i) {
              jl += 1;
              continue;
            }
            upperIndex[p] = jl - 1;
            break;
          }
        }
        break;
      }
      case 'insertion':
        if (i === 1) {
          state = 'outer';
          break;
        }
        state = 'pop';
        for (i -= 1; ; ) {
          i += 1;
          if (i === j) break;
          t = at(i + 1);
          if (at(i) > t) {
            k = i;
            do {
              set(k + 1, at(k));
              k -= 1;
            } while (!(t >= at(k)));
            set(k + 1, t);
          }
        }
        break;
    }
  }
}
