/**
 * mempool_free's unlocked test `curr_nr < min_nr` (L317) as the model sees it, shared by every profile:
 * two plain loads without the lock, in an order C leaves open, so a concurrent resize may change either
 * field between them. A test under way keeps the largest curr_nr and the smallest min_nr since it
 * began; giving the element to free_fn is allowed when the test could have read "full" (see release).
 */
import type { Elem, UnlockedTest } from './types.ts';

/** The tests under way after a step left curr_nr `n` and `min_nr`; null when none changed (no copy). */
export function widenTests(tests: readonly UnlockedTest[], n: number, min_nr: number): UnlockedTest[] | null {
  let out: UnlockedTest[] | null = null;
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i] as UnlockedTest;
    if (t.curr_nr >= n && t.min_nr <= min_nr) continue;
    out ??= tests.slice();
    out[i] = { element: t.element, curr_nr: Math.max(t.curr_nr, n), min_nr: Math.min(t.min_nr, min_nr) };
  }
  return out;
}

/** What a release of `element` may rest on. */
export type Settled =
  /** This test (by index) could have read "full": it is settled and removed. */
  | { readonly kind: 'test'; readonly index: number }
  /** No test of the element under way, but the pool is full now (the locked re-check, L319). */
  | { readonly kind: 'now' }
  /** Nothing: the reserve was short at every pair of instants the test could have read. */
  | { readonly kind: 'short'; readonly test: UnlockedTest | undefined };

/**
 * free_fn may get the element when `curr_nr < min_nr` was false: both fields read now (the locked
 * re-check L319), or one read now by the second load of L317 and the other at some instant since the
 * free's test began (its largest curr_nr against min_nr now, or curr_nr now against its smallest
 * min_nr). A plain loop, no closures: this runs in the linearizability search's inner loop.
 */
export function settle(tests: readonly UnlockedTest[], element: Elem, n: number, min_nr: number): Settled {
  let test: UnlockedTest | undefined;
  for (let k = 0; k < tests.length; k++) {
    const t = tests[k] as UnlockedTest;
    if (t.element !== element) continue;
    test ??= t;
    if (n >= min_nr || t.curr_nr >= min_nr || n >= t.min_nr) return { kind: 'test', index: k };
  }
  return n >= min_nr ? { kind: 'now' } : { kind: 'short', test };
}

/** The refusal's condition text for a release that could rest on nothing. */
export function shortCondition(test: UnlockedTest | undefined, n: number, min_nr: number): string {
  return test === undefined || (test.curr_nr === n && test.min_nr === min_nr)
    ? 'curr_nr >= min_nr (otherwise the element refills the reserve)'
    : `curr_nr >= min_nr, both read now or one of them since its unlocked test began (largest curr_nr since ${test.curr_nr}, smallest min_nr since ${test.min_nr}) (otherwise the element refills the reserve)`;
}

export const withoutTest = (tests: readonly UnlockedTest[], index: number): UnlockedTest[] => [...tests.slice(0, index), ...tests.slice(index + 1)];
