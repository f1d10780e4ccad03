/** An append-only Float64Array that doubles its capacity: compact storage for one column of a series. */
export class GrowableFloat64Array {
  #data: Float64Array;
  #length = 0;

  constructor(initialCapacity = 64) {
    this.#data = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const next = new Float64Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.#length++] = value;
  }

  /** A view of the filled part (no copy). */
  view(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }
}

/** An append-only Int32Array that doubles its capacity (file line numbers). */
export class GrowableInt32Array {
  #data: Int32Array;
  #length = 0;

  constructor(initialCapacity = 64) {
    this.#data = new Int32Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const next = new Int32Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.#length++] = value;
  }

  view(): Int32Array {
    return this.#data.subarray(0, this.#length);
  }
}
