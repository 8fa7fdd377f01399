import type { AwaitPredicate, Gen, Loc } from '../rt/ops.ts';
import { emit } from './emit.ts';

/**
 * Memory accesses. `load`/`store` are C's plain accesses (`pool->curr_nr`), the rest are the kernel's
 * marked accesses and barriers. Every access is an operation, so the memory model decides what it reads.
 */
export const load = (loc: Loc): Gen<number> => emit({ kind: 'load', loc, order: 'plain' });
export const store = (loc: Loc, value: number): Gen<void> => emit({ kind: 'store', loc, value, order: 'plain' });

export const READ_ONCE = (loc: Loc): Gen<number> => emit({ kind: 'load', loc, order: 'once' });
export const WRITE_ONCE = (loc: Loc, value: number): Gen<void> => emit({ kind: 'store', loc, value, order: 'once' });
export const smp_load_acquire = (loc: Loc): Gen<number> => emit({ kind: 'load', loc, order: 'acquire' });
export const smp_store_release = (loc: Loc, value: number): Gen<void> =>
  emit({ kind: 'store', loc, value, order: 'release' });

export const smp_rmb = (): Gen<void> => emit({ kind: 'fence', fence: 'rmb' });
export const smp_wmb = (): Gen<void> => emit({ kind: 'fence', fence: 'wmb' });
export const smp_mb = (): Gen<void> => emit({ kind: 'fence', fence: 'mb' });

/**
 * An atomic read-modify-write (atomic_*_return style, fully ordered); returns the old value. `key`
 * names what `update` does when the closure captures a value (atomic_rmw_relaxed).
 */
export const atomic_rmw = (loc: Loc, update: (old: number) => number, key?: string): Gen<number> =>
  emit({ kind: 'rmw', loc, update, ...(key === undefined ? {} : { key }) });

/**
 * An atomic read-modify-write with no barrier (atomic_inc, atomic_add and the other atomics that
 * return nothing, which LKMM leaves unordered); returns the old value. `key` names what `update` does
 * (e.g. `add 1`) when the closure captures a value, so the stateful search tells two updates apart.
 */
export const atomic_rmw_relaxed = (loc: Loc, update: (old: number) => number, key?: string): Gen<number> =>
  emit({ kind: 'rmw', loc, update, ordering: 'relaxed', ...(key === undefined ? {} : { key }) });

/** cmpxchg: stores `value` if the word holds `old`; returns what it held. Fully ordered when it succeeds, relaxed when it fails. */
export const atomic_cmpxchg = (loc: Loc, old: number, value: number): Gen<number> =>
  emit({ kind: 'rmw', loc, update: (v) => (v === old ? value : v), ordering: { ifOld: old }, key: `cmpxchg ${old} ${value}` });

/**
 * `while (!pred(READ_ONCE(*loc))) cpu_relax();` as one blocking operation: the thread is not runnable
 * until a readable value satisfies `pred`, then reads it. Unrolling the loop instead would multiply the
 * explored executions for nothing.
 */
export const await_value = (loc: Loc, pred: AwaitPredicate): Gen<number> => emit({ kind: 'await', loc, pred });

/** memcpy of `words` pointer-sized words from `src` to `dst`: a plain load and store per word. */
export function* memcpy(dst: Loc, src: Loc, words: number): Gen<void> {
  for (let i = 0; i < words; i++) {
    const value = yield* load(src + i);
    yield* store(dst + i, value);
  }
}
