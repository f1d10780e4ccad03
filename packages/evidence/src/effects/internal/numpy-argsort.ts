/** Partitions at most this long are insertion-sorted (numpy's `SMALL_QUICKSORT`). */
const smallPartition = 15;

function siftDown(values: Float64Array, order: Int32Array, offset: number, root: number, size: number): void {
  // 1-based heap over order[offset .. offset + size - 1], as in numpy's `aheapsort_`.
  const at = (k: number) => order[offset + k - 1] as number;
  const top = at(root);
  let i = root;
  let j = root << 1;
  while (j <= size) {
    if (j < size && (values[at(j)] as number) < (values[at(j + 1)] as number)) j++;
    if ((values[top] as number) < (values[at(j)] as number)) {
      order[offset + i - 1] = at(j);
      i = j;
      j += j;
    } else break;
  }
  order[offset + i - 1] = top;
}

function heapSort(values: Float64Array, order: Int32Array, offset: number, size: number): void {
  for (let root = size >> 1; root > 0; root--) siftDown(values, order, offset, root, size);
  for (let n = size; n > 1; ) {
    const last = order[offset + n - 1] as number;
    order[offset + n - 1] = order[offset] as number;
    order[offset] = last;
    n--;
    siftDown(values, order, offset, 1, n);
  }
}

function swap(order: Int32Array, a: number, b: number): void {
  const held = order[a] as number;
  order[a] = order[b] as number;
  order[b] = held;
}

/**
 * The permutation numpy's default `np.argsort` (introsort: median-of-three quicksort, insertion sort for short
 * partitions, heapsort past a depth limit; numpy ≤ 1.24 `aquicksort_`) returns for finite values. It is not a
 * stable sort, so equal values come out in an order only this algorithm reproduces; matching a reference that
 * breaks ties by position in that order needs exactly it.
 */
export function numpyArgsort(values: Float64Array): Int32Array {
  const num = values.length;
  const order = Int32Array.from({ length: num }, (_, i) => i);
  const less = (a: number, b: number) =>
    (values[order[a] as number] as number) < (values[order[b] as number] as number);
  const stack: number[] = [];
  const depths: number[] = [];
  let left = 0;
  let right = num - 1;
  let mostSignificantBit = 0;
  for (let rest = num; rest > 1; rest >>= 1) mostSignificantBit++;
  let depth = 2 * mostSignificantBit;
  for (;;) {
    if (depth < 0) {
      heapSort(values, order, left, right - left + 1);
    } else {
      while (right - left > smallPartition) {
        const middle = left + ((right - left) >> 1);
        if (less(middle, left)) swap(order, middle, left);
        if (less(right, middle)) swap(order, right, middle);
        if (less(middle, left)) swap(order, middle, left);
        const pivot = values[order[middle] as number] as number;
        let i = left;
        let j = right - 1;
        swap(order, middle, j);
        for (;;) {
          do i++;
          while ((values[order[i] as number] as number) < pivot);
          do j--;
          while (pivot < (values[order[j] as number] as number));
          if (i >= j) break;
          swap(order, i, j);
        }
        swap(order, i, right - 1);
        // The larger side waits on the stack, as in numpy, so the visiting order (and the ties) match.
        if (i - left < right - i) {
          stack.push(i + 1, right);
          right = i - 1;
        } else {
          stack.push(left, i - 1);
          left = i + 1;
        }
        depth--;
        depths.push(depth);
      }
      for (let i = left + 1; i <= right; i++) {
        const held = order[i] as number;
        const value = values[held] as number;
        let j = i;
        while (j > left && value < (values[order[j - 1] as number] as number)) {
          order[j] = order[j - 1] as number;
          j--;
        }
        order[j] = held;
      }
    }
    if (stack.length === 0) break;
    right = stack.pop() as number;
    left = stack.pop() as number;
    depth = depths.pop() as number;
  }
  return order;
}
