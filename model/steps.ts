/**
 * Atomic model steps: the critical sections of the seed. An operation is explained by a short list of
 * them (see plan.ts); each step has a precondition on the pool state and an effect (see apply.ts).
 * Concurrently, the steps of overlapping operations interleave; each step happens at one instant.
 *
 * Where a step checks a loop condition that the C code evaluates in the same critical section (the
 * shrink loop L137, the refill loop L167), the step carries what the observation says happened next
 * (`more`, `first`) and checks the condition against the state it leaves.
 */
import { gfpText, ptrText } from './gfp.ts';
import type { Elem, Readable } from './types.ts';

export type Step =
  /** mempool_create_node succeeded (L77-106): the pool appears, its reserve pre-filled bottom to top. */
  | { readonly kind: 'create'; readonly min_nr: number; readonly elements: readonly Elem[] }
  /** mempool_create_node returned NULL after freeing what it built: no pool. */
  | { readonly kind: 'create-failed' }
  /** mempool_alloc got its element from alloc_fn (L218-220): the pool is not touched. */
  | { readonly kind: 'fresh'; readonly element: Elem }
  /** A failed pass found the reserve empty under the lock (L222-223, curr_nr == 0). */
  | { readonly kind: 'saw-empty'; readonly gfp: number }
  /** A failed pass took the top of the reserve (L223-224). */
  | { readonly kind: 'pop'; readonly element: Elem }
  /** Only for a cut-off (pending) alloc: it may have taken whatever was on top. */
  | { readonly kind: 'pop-any' }
  /** mempool_free put the element back (L317-320: curr_nr < min_nr). */
  | { readonly kind: 'push'; readonly element: Elem }
  /**
   * mempool_free's unlocked test `curr_nr < min_nr` (L317) begins: not a critical section but two plain
   * loads, so a concurrent resize may change min_nr (or a grow's refill curr_nr) between them. From here
   * on the state keeps the largest curr_nr and the smallest min_nr (either may be what the first load
   * read: C leaves the order of the operands open); `release` is the second load.
   */
  | { readonly kind: 'free-test'; readonly element: Elem; readonly readable?: Readable }
  /**
   * mempool_free called free_fn (L327): the unlocked test was false (L317: one field read now, the other
   * at some instant since its `free-test`, or both now) or the locked re-check was (L319, now).
   */
  | { readonly kind: 'release'; readonly element: Elem }
  /**
   * mempool_resize shrinking: one pass of the L137 loop (n < curr_nr) popping `element`, which free_fn
   * then gets outside the lock. `first`: this critical section also made the L136 decision (n <= min_nr).
   */
  | { readonly kind: 'shrink-pop'; readonly n: number; readonly first: boolean; readonly element: Elem }
  /**
   * Only for a cut-off (pending) shrink: one pass of the L137 loop popped the top (L138) and the op has
   * not handed it to free_fn yet (L140), so which element it was is not observed. One at most: the loop
   * calls free_fn after each pop.
   */
  | { readonly kind: 'shrink-pop-any'; readonly n: number; readonly first: boolean }
  /** The L137 loop ends (curr_nr <= n) and min_nr = n (L143). `first` as for shrink-pop. */
  | { readonly kind: 'shrink-set'; readonly n: number; readonly first: boolean }
  /** mempool_resize's first critical section decided to grow (L136: n > min_nr). */
  | { readonly kind: 'grow-decide'; readonly n: number }
  /** After kmalloc_array, another resize had already grown the pool (L155: n <= min_nr): return 0. */
  | { readonly kind: 'grow-raced'; readonly n: number }
  /**
   * L155-167: n > min_nr, copy, free the old array, min_nr = n, then the first L167 check:
   * `more` (an alloc_fn refill call followed) iff curr_nr < min_nr.
   */
  | { readonly kind: 'grow-set'; readonly n: number; readonly more: boolean; readonly oldElements: Elem; readonly newElements: Elem }
  /** L172-174 then the L167 check: curr_nr < min_nr, push; `more` iff curr_nr < min_nr afterwards. */
  | { readonly kind: 'refill-add'; readonly element: Elem; readonly more: boolean }
  /** L173 false (a free filled the pool meanwhile): free_fn gets the element (L177), return 0. */
  | { readonly kind: 'refill-raced'; readonly element: Elem }
  /** mempool_destroy (L39-47): `freed` went to free_fn in that order, then the array and the pool struct. */
  | { readonly kind: 'destroy'; readonly freed: readonly Elem[]; readonly elements: Elem; readonly pool: Elem };

export type StepKind = Step['kind'];

/**
 * Steps a linearizability check may place at their operation's invocation, the earliest instant
 * allowed, without losing any explanation: what `free-test` records only widens as the state changes
 * (largest curr_nr, smallest min_nr since), so any later placement allows no more than the earliest.
 */
export const atInvocation = (s: Step): boolean => s.kind === 'free-test';

const list = (xs: readonly Elem[]): string => `[${xs.map(ptrText).join(', ')}]`;

/** One line per step, e.g. `pop(0x200041)`. */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'create':
      return `create(min_nr ${s.min_nr}, reserve ${list(s.elements)})`;
    case 'create-failed':
    case 'pop-any':
      return s.kind;
    case 'saw-empty':
      return `saw-empty(${gfpText(s.gfp)})`;
    case 'fresh':
    case 'pop':
    case 'push':
    case 'free-test':
    case 'release':
    case 'refill-raced':
      return `${s.kind}(${ptrText(s.element)})`;
    case 'shrink-pop':
      return `shrink-pop(n ${s.n}, ${ptrText(s.element)}${s.first ? ', first' : ''})`;
    case 'shrink-set':
    case 'shrink-pop-any':
      return `${s.kind}(n ${s.n}${s.first ? ', first' : ''})`;
    case 'grow-decide':
    case 'grow-raced':
      return `${s.kind}(n ${s.n})`;
    case 'grow-set':
      return `grow-set(n ${s.n}${s.more ? ', refill follows' : ''})`;
    case 'refill-add':
      return `refill-add(${ptrText(s.element)}${s.more ? ', refill follows' : ''})`;
    case 'destroy':
      return `destroy(freed ${list(s.freed)})`;
    default: {
      const never: never = s;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}
