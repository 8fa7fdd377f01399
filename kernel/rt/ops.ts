/**
 * Operations: the plain data that kernel/api generators yield and kernel/rt executes.
 *
 * An implementation never touches shared state directly: every effect on memory, locks, wait queues,
 * allocators or the thread's context is one of these records. That is what lets the runtime decide
 * where a thread may be preempted, record every choice, and re-run an execution from its choices alone.
 */

/** `schedule_timeout(MAX_SCHEDULE_TIMEOUT)` (what io_schedule() is) sleeps until woken: no timeout ever fires. */
export const MAX_SCHEDULE_TIMEOUT = Number.MAX_SAFE_INTEGER;

/** A memory location (a word address). Locations live in per-thread arenas, see `arena.ts`. */
export type Loc = number;
/** A pointer value: an address, or NULL (0). Element identities are pointers too. */
export type Ptr = number;
export const NULL: Ptr = 0;

/** How a memory access is marked: C plain access, READ_ONCE/WRITE_ONCE, or acquire/release. */
export type AccessOrder = 'plain' | 'once' | 'acquire' | 'release';

export type FenceKind = 'rmb' | 'wmb' | 'mb';

/** The allocator entry point an allocation goes through (decides its fault class and kind). */
export type AllocApi =
  | 'kmalloc'
  | 'kmalloc_node'
  | 'kzalloc_node'
  | 'kmalloc_array'
  | 'kmalloc_array_node'
  | 'kmem_cache_alloc'
  | 'alloc_pages';

/**
 * How an atomic read-modify-write is ordered under LKMM: 'mb' fully (the value-returning atomics),
 * 'relaxed' not at all (atomic_inc, atomic_add... that return nothing), or fully only when the value
 * it reads is `ifOld` (cmpxchg: ordered when it succeeds, relaxed when it fails).
 */
export type RmwOrdering = 'mb' | 'relaxed' | { readonly ifOld: number };

export type FreeApi = 'kfree' | 'kmem_cache_free' | '__free_pages';

/** A slab cache created by kmem_cache_create: identity plus object size. */
export interface KmemCache {
  readonly name: string;
  readonly size: number;
  readonly id: number;
}

/** What one allocation asks for. `words` is how many memory words the block spans. */
export interface AllocRequest {
  readonly api: AllocApi;
  readonly gfp: number;
  readonly size: number;
  readonly words: number;
  readonly order: number;
  readonly cache: KmemCache | null;
}

/** A waiter on a wait queue (the kernel's `wait_queue_t`, set up by init_wait). */
export class WaitEntry {
  /** Thread that owns the entry; -1 until init_wait. */
  task = -1;
  /** Whether the entry is currently on a wait queue. */
  queued = false;
}

/** Predicate of an `await` (a spin-wait such as `while (!READ_ONCE(p)) cpu_relax();`). */
export type AwaitPredicate = (value: number) => boolean;

/** An event the thread program records into the history (invocations, returns, observations). */
export interface Mark {
  readonly tag: string;
  readonly data: unknown;
}

export type Op =
  | { readonly kind: 'load'; readonly loc: Loc; readonly order: AccessOrder }
  | { readonly kind: 'store'; readonly loc: Loc; readonly value: number; readonly order: AccessOrder }
  | {
      readonly kind: 'rmw';
      readonly loc: Loc;
      readonly update: (old: number) => number;
      /** LKMM's ordering of the atomic (default 'mb'); see RmwOrdering. */
      readonly ordering?: RmwOrdering;
      /** What `update` does, for the state fingerprint: a closure's source does not show the values it captured. */
      readonly key?: string;
    }
  | { readonly kind: 'await'; readonly loc: Loc; readonly pred: AwaitPredicate }
  | { readonly kind: 'fence'; readonly fence: FenceKind }
  | { readonly kind: 'lock_init'; readonly lock: Loc }
  | { readonly kind: 'lock'; readonly lock: Loc; readonly irqsave: boolean }
  | { readonly kind: 'unlock'; readonly lock: Loc; readonly irqrestore: boolean; readonly flags: number }
  | { readonly kind: 'wq_init'; readonly wq: Loc }
  | { readonly kind: 'wait_init'; readonly wait: WaitEntry }
  | { readonly kind: 'prepare_to_wait'; readonly wq: Loc; readonly wait: WaitEntry; readonly state: number }
  | { readonly kind: 'finish_wait'; readonly wq: Loc; readonly wait: WaitEntry }
  | { readonly kind: 'wake_up'; readonly wq: Loc }
  /** waitqueue_active: whether the queue has an entry, read without its lock (1 or 0). */
  | { readonly kind: 'wq_active'; readonly wq: Loc }
  | { readonly kind: 'schedule_timeout'; readonly timeout: number }
  | { readonly kind: 'might_sleep' }
  | { readonly kind: 'bug' }
  | { readonly kind: 'warn_once'; readonly key: string }
  | { readonly kind: 'alloc'; readonly req: AllocRequest }
  | { readonly kind: 'free'; readonly api: FreeApi; readonly ptr: Ptr; readonly order: number; readonly cache: KmemCache | null }
  | { readonly kind: 'cache_create'; readonly name: string; readonly size: number }
  | { readonly kind: 'kmemleak_update_trace'; readonly ptr: Ptr }
  | { readonly kind: 'mark'; readonly mark: Mark }
  /**
   * The operands of a C expression with no sequence point between them are about to be evaluated:
   * returns the order (see `OperandOrder`). `first`/`second` are each operand's first operation
   * (null for an operand with none), for the runtime and for reports. `compound` (after the operands
   * ran): the runtime skipped the choice taking each operand for a single load, and one was not.
   */
  | { readonly kind: 'unsequenced'; readonly first: Op | null; readonly second: Op | null; readonly compound?: boolean };

/**
 * What an `unsequenced` operation returns: the scheduler chose `first` then `second` (0) or the other
 * way (1), or the runtime took no choice because the order cannot matter for two single loads (2:
 * evaluate `first` then `second`, and report it if either operand turns out to be more than one load).
 */
export const FIRST_THEN_SECOND = 0;
export const SECOND_THEN_FIRST = 1;
export const ORDER_IRRELEVANT = 2;

export type OpKind = Op['kind'];

/**
 * Harness cells (the kernel's, kernel.ts `harnessCell`) start here: an arena of their own, far above
 * every thread's (see memory.ts). Not inside arena 0: a cell half-way into an arena makes its array
 * sparse, and every fork would copy the hole. An implementation's static data (a C file's globals)
 * takes the first of them.
 */
export const HARNESS_BASE = 1 << 30;

/** Every operation kind, for checks that must cover them all (the self-check's program generator). */
export const OP_KINDS = [
  'load',
  'store',
  'rmw',
  'await',
  'fence',
  'lock_init',
  'lock',
  'unlock',
  'wq_init',
  'wait_init',
  'prepare_to_wait',
  'finish_wait',
  'wake_up',
  'wq_active',
  'schedule_timeout',
  'might_sleep',
  'bug',
  'warn_once',
  'alloc',
  'free',
  'cache_create',
  'kmemleak_update_trace',
  'mark',
  'unsequenced',
] as const satisfies readonly OpKind[];

/** Compile-time: an operation kind missing from OP_KINDS makes this `false` and the line fails to type. */
const OP_KINDS_COMPLETE: Exclude<OpKind, (typeof OP_KINDS)[number]> extends never ? true : false = true;
void OP_KINDS_COMPLETE;

/** The generator type of every kernel/api primitive and every implementation function. */
export type Gen<T> = Generator<Op, T, unknown>;

/**
 * A crash an implementation declares as its own (IMPL-CRASH) where the code that detects it is the
 * checker's: the C front end's interpreter, for a call through a NULL function pointer or a division by
 * zero in the C it runs — where the kernel would oops. Recognised by its brand, so that a copy of this
 * class from another copy of the package is recognised too.
 */
export class ImplementationFault extends Error {
  readonly implementationFault = true;
}

export const isImplementationFault = (e: unknown): e is ImplementationFault =>
  e instanceof Error && (e as { implementationFault?: unknown }).implementationFault === true;
