/**
 * The reference model's vocabulary. The model is pure: it imports nothing of ours and knows nothing of
 * the simulated kernel. An operation is given to it as what was *observed* (the call, every allocator
 * call the operation made, how it ended); the model says which atomic steps that observation implies
 * (`plan`) and whether each step is allowed in a state (`apply`), or explains why not (`Inconsistent`).
 *
 * Sequentially, an operation's steps run back to back. Concurrently, linearizability interleaves the
 * steps of overlapping operations (each step between its operation's invocation and return, in order),
 * which is how operations that drop the lock part-way (resize, a sleeping alloc) are explained.
 */

/** An element (or any pointer) as the implementation returned it; 0 is NULL. */
export type Elem = number;

/** The abstract pool; `curr_nr` is `reserve.length`. */
export interface ModelState {
  /** Created and not destroyed. */
  readonly exists: boolean;
  readonly min_nr: number;
  /** Reserve from the bottom of the stack to the top (`remove_element` takes the last). */
  readonly reserve: readonly Elem[];
  /**
   * Unlocked tests (L317) under way: frees that have begun their two loads. Empty between operations;
   * it only matters when operations overlap (see the `free-test` step).
   */
  readonly tests: readonly UnlockedTest[];
}

/**
 * One mempool_free's unlocked test `curr_nr < min_nr` (L317) under way: two plain loads without the
 * lock, in an order C leaves open (and two loads the CPU may reorder). Whichever field the first load
 * read, it read it at some instant since the test began, so what can make the test false later is the
 * largest curr_nr and the smallest min_nr since then; apply() keeps both up to date after every step.
 */
export interface UnlockedTest {
  readonly element: Elem;
  /** The largest curr_nr since the test began. */
  readonly curr_nr: number;
  /** The smallest min_nr since the test began. */
  readonly min_nr: number;
}

/** The operations a caller can invoke. `gfp` is the caller's mask (a GFP class, maybe with __GFP_ZERO). */
export type ModelOp =
  /** `gfp`: mempool_create_node's mask (L72-107); absent, mempool_create's GFP_KERNEL (L67-68). */
  | { readonly op: 'create'; readonly min_nr: number; readonly gfp?: number }
  | { readonly op: 'alloc'; readonly gfp: number }
  /**
   * `readable` (weak memory only): the largest curr_nr and the smallest min_nr the free's unlocked test
   * (L317) could read — stores older than the call that its thread had not yet seen replaced (LKMM
   * allows them; for an element that went through the reserve, none older than its removal). Absent,
   * the test reads at instants of the call, as under SC.
   */
  | { readonly op: 'free'; readonly element: Elem; readonly readable?: Readable }
  | { readonly op: 'resize'; readonly n: number }
  | { readonly op: 'destroy' };

/** One call the operation made into an underlying allocator, in order. */
export type AllocatorCall =
  /** An allocation; `cls` separates elements (alloc_fn) from the pool's own bookkeeping. */
  | { readonly call: 'alloc'; readonly cls: 'element' | 'meta'; readonly gfp: number; readonly result: Elem }
  | { readonly call: 'free'; readonly cls: 'element' | 'meta'; readonly ptr: Elem };

/** How the operation ended. `blocked`: asleep and nothing in its world can wake it. */
export type Outcome =
  | { readonly kind: 'returned'; readonly value: number }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'bug' }
  /** Still running when the history was cut (a concurrent operation that never returned). */
  | { readonly kind: 'pending' };

/** What an unlocked test could read beyond the instants of its call (see ModelOp free). */
export interface Readable {
  readonly curr_nr: number;
  readonly min_nr: number;
}

export interface Observation {
  readonly op: ModelOp;
  readonly calls: readonly AllocatorCall[];
  readonly outcome: Outcome;
  /**
   * A resize's: its minimum is already set. Written only by the online linearizability check once every
   * configuration it keeps has taken the set-min (model/online.ts `commit`); the contract's plan then
   * leaves the step out. Absent everywhere else.
   */
  readonly minSet?: true;
}

/** Why the model refuses: a sentence a developer can act on, and what it expected against what it saw. */
export interface Inconsistent {
  readonly inconsistent: true;
  readonly reason: string;
  readonly expected?: string;
  readonly actual?: string;
}

export function inconsistent(reason: string, expected?: string, actual?: string): Inconsistent {
  return {
    inconsistent: true,
    reason,
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
  };
}

/** What a refused step explains; written only when somebody reads it. */
export interface Explanation {
  readonly reason: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * An Inconsistent whose sentence is written the first time it is read. The linearizability search
 * tries orders of steps in its inner loop and reads almost none of the reasons of the ones the model
 * refuses; building each sentence anyway cost it ~7 % of its time.
 */
class LazyInconsistent implements Inconsistent {
  readonly inconsistent = true as const;
  private text: Explanation | null = null;

  constructor(private readonly explain: () => Explanation) {}

  private get explained(): Explanation {
    this.text ??= this.explain();
    return this.text;
  }

  get reason(): string {
    return this.explained.reason;
  }

  get expected(): string {
    return this.explained.expected;
  }

  get actual(): string {
    return this.explained.actual;
  }
}

export function inconsistentLazily(explain: () => Explanation): Inconsistent {
  return new LazyInconsistent(explain);
}

export const isInconsistent = (x: unknown): x is Inconsistent =>
  typeof x === 'object' && x !== null && (x as { inconsistent?: unknown }).inconsistent === true;
