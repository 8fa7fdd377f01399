/**
 * A growable column of 32-bit integers: the state graph's per-node and per-edge fields. A JavaScript
 * array of small integers costs 8 bytes an element on 64-bit Node (no pointer compression); this costs
 * 4, plus the slack of doubling. Values must fit in an Int32 (node and edge numbers, thread masks of
 * up to 31 threads, choice values).
 */
export class IntColumn {
  private data: Int32Array;
  private size = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size] = value;
    this.size += 1;
  }

  /** The value at `i` (0 <= i < length). */
  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  clear(): void {
    this.size = 0;
  }
}
