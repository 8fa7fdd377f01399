/**
 * The table of distinct fingerprint lines for explorer/stateful/token-lines.ts: each line, a run of
 * numbers, gets the next number the first time it is seen. The lines are kept in one growing arena
 * and found through an open-addressing hash table of their numbers, so that looking up a line
 * allocates nothing.
 */
import { IntColumn } from './int-column.ts';

export class TokenTable {
  private arena = new Float64Array(1 << 14);
  private used = 0;
  private readonly at = new IntColumn();
  private readonly length = new IntColumn();
  private readonly hashes = new IntColumn();
  /** Line number + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(1 << 10);

  get size(): number {
    return this.at.length;
  }

  /** The number of the line `tokens[from..to)`, numbering it if it is new. */
  numberOf(tokens: Float64Array, from: number, to: number): number {
    const h = hashOf(tokens, from, to);
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const entry = this.slots[s] as number;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes.get(id) === h && this.equals(id, tokens, from, to)) return id;
      s = (s + 1) & mask;
    }
    const id = this.at.length;
    this.store(tokens, from, to);
    this.at.push(this.used - (to - from));
    this.length.push(to - from);
    this.hashes.push(h);
    this.slots[s] = id + 1;
    if (2 * this.at.length > this.slots.length) this.rehash();
    return id;
  }

  clear(): void {
    this.used = 0;
    this.at.clear();
    this.length.clear();
    this.hashes.clear();
    this.slots.fill(0);
  }

  private equals(id: number, tokens: Float64Array, from: number, to: number): boolean {
    if (this.length.get(id) !== to - from) return false;
    const arena = this.arena;
    const at = this.at.get(id);
    for (let k = 0; k < to - from; k++) if (arena[at + k] !== tokens[from + k]) return false;
    return true;
  }

  private store(tokens: Float64Array, from: number, to: number): void {
    const n = to - from;
    if (this.used + n > this.arena.length) {
      const grown = new Float64Array(Math.max(2 * this.arena.length, this.used + n));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(tokens.subarray(from, to), this.used);
    this.used += n;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.at.length; id++) {
      let s = this.hashes.get(id) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the tokens' 32-bit integer parts, as a signed 32-bit integer (a collision only costs a comparison). */
function hashOf(tokens: Float64Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ ((tokens[k] as number) | 0), 0x01000193);
  return h | 0;
}
