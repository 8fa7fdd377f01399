/**
 * Sets of thread ids for the tree search and partial-order reduction, any number of threads.
 *
 * A set whose ids are all below 31 is a small non-negative integer bit mask (the common case: plain
 * `|`/`&` on small integers, no allocation); a set holding a larger id is a bigint. Every operation
 * returns the normalised form (a bigint only when some id is >= 31), so `===` is set equality in both.
 */
export type ThreadMask = number | bigint;

/** Ids below this fit in a small-integer mask (bit 31 would make it negative). */
const SMALL = 31;
const SMALL_LIMIT = 1n << BigInt(SMALL);

export const EMPTY_MASK: ThreadMask = 0;

function normalise(b: bigint): ThreadMask {
  return b < SMALL_LIMIT ? Number(b) : b;
}

export function bit(t: number): ThreadMask {
  return t < SMALL ? 1 << t : 1n << BigInt(t);
}

export function has(m: ThreadMask, t: number): boolean {
  if (typeof m === 'number') return t < SMALL && (m & (1 << t)) !== 0;
  return ((m >> BigInt(t)) & 1n) === 1n;
}

export function union(a: ThreadMask, b: ThreadMask): ThreadMask {
  return typeof a === 'number' && typeof b === 'number' ? a | b : normalise(BigInt(a) | BigInt(b));
}

export function intersect(a: ThreadMask, b: ThreadMask): ThreadMask {
  return typeof a === 'number' && typeof b === 'number' ? a & b : normalise(BigInt(a) & BigInt(b));
}

/** `a` without the ids of `b`. */
export function minus(a: ThreadMask, b: ThreadMask): ThreadMask {
  return typeof a === 'number' && typeof b === 'number' ? a & ~b : normalise(BigInt(a) & ~BigInt(b));
}

/** `m` with `t` added. */
export function withBit(m: ThreadMask, t: number): ThreadMask {
  return typeof m === 'number' && t < SMALL ? m | (1 << t) : normalise(BigInt(m) | (1n << BigInt(t)));
}

/** The lowest id in `m`, or -1 when it is empty. */
export function lowest(m: ThreadMask): number {
  if (typeof m === 'number') return m === 0 ? -1 : 31 - Math.clz32(m & -m);
  let base = 0;
  for (let rest = m; rest !== 0n; rest >>= 32n, base += 32) {
    const word = Number(rest & 0xffffffffn);
    if (word !== 0) return base + 31 - Math.clz32(word & -word);
  }
  return -1;
}

/** `m` without its lowest id. */
export function withoutLowest(m: ThreadMask): ThreadMask {
  return typeof m === 'number' ? m & (m - 1) : normalise(m & (m - 1n));
}

export function maskOf(threads: readonly number[]): ThreadMask {
  let small = 0;
  let wide: bigint | null = null;
  for (const t of threads) {
    if (t < SMALL) small |= 1 << t;
    else wide = (wide ?? 0n) | (1n << BigInt(t));
  }
  return wide === null ? small : normalise(wide | BigInt(small));
}
