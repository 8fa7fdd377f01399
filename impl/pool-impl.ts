/**
 * The one interface every implementation under test is reached through. To check your own pool,
 * implement it (see docs/your-allocator.md): each method is a generator over kernel/api, `inspect`
 * reads the abstract state without side effects.
 *
 * Contract: all state that changes after `create` lives in simulated memory (cells reached through
 * kernel/api), never in JavaScript fields of the pool handle. The explorer relies on it to run one
 * setup and fork it for many executions, and the memory model can only see accesses it is asked for.
 */
import type { Gen, gfp_t, Loc, Ptr } from '../kernel/api/index.ts';

/** Which underlying allocator backs the pool's elements (mempool_create_*_pool in mempool.h). */
export type Backend = (
  | { readonly kind: 'slab'; readonly size: number }
  | { readonly kind: 'kmalloc'; readonly size: number }
  | { readonly kind: 'pages'; readonly order: number }
) & {
  /**
   * The pool's alloc_fn and free_fn may sleep, as the seed allows them to (L60-62): alloc_fn when its
   * mask carries __GFP_WAIT, free_fn always (a `might_sleep` in the callback). An implementation must
   * honour it, so that a callback called with its lock held shows as NO-SLEEP-ATOMIC.
   */
  readonly sleeps?: boolean;
};

export type BackendKind = Backend['kind'];

export const DEFAULT_BACKENDS: Readonly<Record<BackendKind, Backend>> = {
  slab: { kind: 'slab', size: 192 },
  kmalloc: { kind: 'kmalloc', size: 64 },
  pages: { kind: 'pages', order: 0 },
};

/** The abstract state of a pool: what the reference model also holds. */
export interface PoolSnapshot {
  readonly min_nr: number;
  readonly curr_nr: number;
  /** Reserve contents from the bottom of the stack to the top (the next element handed out is last). */
  readonly reserve: readonly Ptr[];
}

/**
 * What an implementation is checked against by default (model/profile.ts, which this mirrors: impl/
 * sees only kernel/api): `contract`, what every mempool must keep; or a refinement profile that pins
 * one kernel version's exact behaviour. `--profile` overrides it.
 */
export type ProfileName = 'contract' | 'v4.1' | 'v6.17';

/** Static data words, with the name of each (`counter`, `table[1]`, `stats.frees`). */
export interface StaticData {
  readonly values: readonly number[];
  readonly names: readonly string[];
}

export interface PoolImpl<P = unknown> {
  /** Registry name, e.g. `v4.1` or `mutant:free-no-wake`. */
  readonly name: string;
  readonly description: string;
  /** The profile it claims to refine (absent: the contract). The port and its mutants: `v4.1`. */
  readonly profile?: ProfileName;
  /**
   * Whether every operation (create, createNode, alloc, free, resize, destroy) returns an iterator whose
   * state is data: it implements kernel/rt/state.ts's ExplicitThreadState with `snapshot`/`restore`
   * (the C front end's calls). A scenario thread driving such operations exposes and copies its own state
   * too (scenarios/command-thread.ts); an implementation of JavaScript generators leaves it unset.
   */
  readonly explicitState?: boolean;
  /**
   * Its static data (a C file's globals): the initial value of each word and what reports call it.
   * Every kernel it runs on places them first among its harness cells (Kernel.defineStatics), at the
   * addresses the implementation uses. Absent: none.
   */
  readonly statics?: StaticData;
  /** mempool_create_{slab,kmalloc,page}_pool: a pool of `min_nr` elements, or null when creation fails. */
  create(min_nr: number, backend: Backend): Gen<P | null>;
  /**
   * mempool_create_node with the caller's mask (L72-107: the pool struct, the elements array and the
   * pre-fill all allocated with `gfp_mask`) on the backend's callbacks. Optional: without it the
   * sequential check drives `create` only (GFP_KERNEL, L67-68), and says so in what it exercised.
   */
  createNode?(min_nr: number, backend: Backend, gfp_mask: gfp_t): Gen<P | null>;
  alloc(pool: P, gfp_mask: gfp_t): Gen<Ptr>;
  free(element: Ptr, pool: P): Gen<void>;
  /** 0 or -ENOMEM. */
  resize(pool: P, new_min_nr: number): Gen<number>;
  destroy(pool: P): Gen<void>;
  /** The abstract state, read through `peek` (the newest value of a cell), without any effect. */
  inspect(pool: P, peek: (loc: Loc) => number): PoolSnapshot;
  /** Addresses of the pool's lock and wait queue head, for liveness checks and reports. */
  lockOf(pool: P): Loc;
  waitQueueOf(pool: P): Loc;
}

/** An implementation whose pool type is hidden (what registries hold). */
export type AnyPoolImpl = PoolImpl<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- registries mix pool types; each impl is only ever given its own pools
