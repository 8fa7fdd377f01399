/**
 * The contract's atomic steps: what every mempool does to its abstract pool, whatever its design. The
 * pool is a set of elements (no order: the contract does not say which element is handed out next)
 * with a minimum; the pool's own metadata does not appear at all.
 *
 * Compared with the refinements' steps (model/steps.ts), which are the seed's critical sections, these
 * are the API's effects: an element taken from the reserve, one put back (by a free, or added by a
 * refill), one handed back to its allocator by a shrink, the minimum set, the reserve seen empty.
 */
import { ptrText } from '../gfp.ts';
import type { Elem, Readable } from '../types.ts';

export type ContractStep =
  /** The pool appears with these elements in its reserve (every one from alloc_fn, none given back). */
  | { readonly kind: 'create'; readonly min_nr: number; readonly elements: readonly Elem[] }
  /** Creation returned NULL, having given back everything it allocated. */
  | { readonly kind: 'create-failed' }
  /** alloc returns an element alloc_fn gave it: the element cannot be in the reserve. */
  | { readonly kind: 'fresh'; readonly element: Elem }
  /** alloc returns an element of the reserve. */
  | { readonly kind: 'take'; readonly element: Elem }
  /** Only for a cut-off (pending) alloc: it may have taken some element of the reserve. */
  | { readonly kind: 'take-any' }
  /** alloc found the reserve empty (before returning NULL, or before sleeping). */
  | { readonly kind: 'saw-empty' }
  /** free put the element into a reserve that had room (curr_nr below its slots, see profile.ts). */
  | { readonly kind: 'push'; readonly element: Elem }
  /** free's decision begins (see the refinements' free-test: a lockless test may straddle a resize). */
  | { readonly kind: 'free-test'; readonly element: Elem; readonly readable?: Readable }
  /** free gave the element to free_fn: the reserve was full (the reserve guarantee, L300-316). */
  | { readonly kind: 'release'; readonly element: Elem }
  /** A refill (by resize, or by an alloc that got more than it returns) added an element with room for it. */
  | { readonly kind: 'add'; readonly element: Elem }
  /** A shrink to `n` handed a reserve element back to its allocator: the reserve held more than n. */
  | { readonly kind: 'drop'; readonly element: Elem; readonly n: number }
  /**
   * Only for a cut-off (pending) shrink: it took some element out of the reserve and has not handed it
   * to its allocator yet (which one is not observed).
   */
  | { readonly kind: 'drop-any'; readonly n: number }
  /** resize(n) set the minimum; the reserve then fits it. */
  | { readonly kind: 'set-min'; readonly n: number }
  /** destroy gave every reserve element back to its allocator, in any order. */
  | { readonly kind: 'destroy'; readonly freed: readonly Elem[] };

export type ContractStepKind = ContractStep['kind'];

/** free-test is placed at its free's invocation (as for the refinements, see model/steps.ts). */
export const contractAtInvocation = (s: ContractStep): boolean => s.kind === 'free-test';

const list = (xs: readonly Elem[]): string => `[${xs.map(ptrText).join(', ')}]`;

export function describeContractStep(s: ContractStep): string {
  switch (s.kind) {
    case 'create':
      return `create(min_nr ${s.min_nr}, reserve ${list(s.elements)})`;
    case 'create-failed':
    case 'take-any':
    case 'saw-empty':
      return s.kind;
    case 'fresh':
    case 'take':
    case 'push':
    case 'free-test':
    case 'release':
    case 'add':
      return `${s.kind}(${ptrText(s.element)})`;
    case 'drop':
      return `drop(${ptrText(s.element)}, n ${s.n})`;
    case 'drop-any':
      return `drop-any(n ${s.n})`;
    case 'set-min':
      return `set-min(${s.n})`;
    case 'destroy':
      return `destroy(freed ${list(s.freed)})`;
    default: {
      const never: never = s;
      throw new Error(`unknown contract step ${JSON.stringify(never)}`);
    }
  }
}
