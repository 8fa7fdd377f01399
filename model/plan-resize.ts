/**
 * mempool_resize (L126-185) as model steps. Which branch ran is read from the calls alone: a grow
 * starts with kmalloc_array (a pool allocation), a shrink only ever calls free_fn. The branch
 * conditions themselves are preconditions of the steps, checked against the state by apply().
 */
import { CallCursor, done, expectReturn, outcomeText, type Planned } from './calls.ts';
import { ENOMEM, GFP_KERNEL } from './gfp.ts';
import type { Step } from './steps.ts';
import { inconsistent, type AllocatorCall, type Inconsistent, type Outcome } from './types.ts';

export function planResize(n: number, calls: readonly AllocatorCall[], outcome: Outcome): Planned | Inconsistent {
  const what = `mempool_resize(${n})`;
  if (n <= 0) {
    if (outcome.kind === 'bug' && calls.length === 0) return done([]);
    if (outcome.kind === 'pending' && calls.length === 0) return done([]);
    return inconsistent(`${what}: BUG_ON(new_min_nr <= 0) fires before anything else (L132)`, 'BUG, no allocator call', `${outcomeText(outcome)}, ${calls.length} allocator call(s)`);
  }
  if (outcome.kind === 'bug' || outcome.kind === 'blocked') {
    return inconsistent(`${what} with n > 0 neither hits a BUG nor blocks`, 'returned 0 or -ENOMEM', outcomeText(outcome));
  }
  const first = calls[0];
  if (first !== undefined && first.call === 'alloc' && first.cls === 'meta') return planGrow(what, n, calls, outcome);
  if (calls.length === 0 && outcome.kind === 'pending') {
    return done([], [[], [{ kind: 'shrink-set', n, first: true }], [{ kind: 'shrink-pop-any', n, first: true }], [{ kind: 'grow-decide', n }]]);
  }
  return planShrink(what, n, calls, outcome);
}

function planShrink(what: string, n: number, calls: readonly AllocatorCall[], outcome: Outcome): Planned | Inconsistent {
  const steps: Step[] = [];
  for (const c of calls) {
    if (c.call !== 'free' || c.cls !== 'element') {
      return inconsistent(`${what}: a shrink only hands popped elements to free_fn (L137-142)`, 'free_fn(…)', 'another allocator call');
    }
    steps.push({ kind: 'shrink-pop', n, first: steps.length === 0, element: c.ptr });
  }
  const set: Step = { kind: 'shrink-set', n, first: steps.length === 0 };
  // Cut off: the loop may have ended (set), or popped one more element it has not freed yet (L138-140).
  if (outcome.kind === 'pending') return done(steps, [[], [set], [{ kind: 'shrink-pop-any', n, first: steps.length === 0 }]]);
  return expectReturn(what, outcome, 0, '0', 'L184') ?? done([...steps, set]);
}

function planGrow(what: string, n: number, calls: readonly AllocatorCall[], outcome: Outcome): Planned | Inconsistent {
  const cursor = new CallCursor(calls, what);
  const steps: Step[] = [{ kind: 'grow-decide', n }];
  const array = cursor.alloc('meta', GFP_KERNEL, 'kmalloc_array(new_min_nr, ..., GFP_KERNEL), L149-150');
  if ('inconsistent' in array) return array;
  if (array.result === 0) {
    const end = cursor.end('kmalloc_array failed: return -ENOMEM, L151-152');
    return end ?? expectReturn(what, outcome, -ENOMEM, '-ENOMEM', 'L152') ?? done(steps);
  }
  const next = cursor.peek();
  if (next === undefined) {
    if (outcome.kind !== 'pending') {
      return inconsistent(`${what}: once kmalloc_array succeeded, it kfrees the new array (raced, L158) or the old one (L163)`, 'kfree(…)', 'no further allocator call');
    }
    const set = (more: boolean): Step => ({ kind: 'grow-set', n, more, oldElements: 0, newElements: array.result });
    return done(steps, [[], [{ kind: 'grow-raced', n }], [set(false)], [set(true)]]);
  }
  if (next.call === 'free' && next.cls === 'meta' && next.ptr === array.result) {
    cursor.free('meta', array.result, 'raced: kfree(new_elements), L158');
    const end = cursor.end('raced: return 0, L159');
    return end ?? expectReturn(what, outcome, 0, '0', 'L184') ?? done([...steps, { kind: 'grow-raced', n }]);
  }
  const old = cursor.free('meta', null, 'kfree(pool->elements), the old array, L163');
  if ('inconsistent' in old) return old;
  if (cursor.atEnd && outcome.kind === 'pending') {
    // Cut off inside the L155-167 critical section (kfree is in it) or just after it: grow-set may not
    // have happened yet, and its L167 check is not observed.
    const set = (more: boolean): Step => ({ kind: 'grow-set', n, more, oldElements: old.ptr, newElements: array.result });
    return done(steps, [[], [set(false)], [set(true)]]);
  }
  steps.push({ kind: 'grow-set', n, more: !cursor.atEnd, oldElements: old.ptr, newElements: array.result });
  return refill(what, cursor, steps, outcome);
}

/** The L167-180 loop: alloc_fn(GFP_KERNEL) outside the lock, then add it, or free it if a free raced. */
function refill(what: string, cursor: CallCursor, steps: Step[], outcome: Outcome): Planned | Inconsistent {
  for (;;) {
    if (cursor.atEnd) {
      if (outcome.kind === 'pending') return done(steps);
      return expectReturn(what, outcome, 0, '0', 'L184') ?? done(steps);
    }
    const got = cursor.alloc('element', GFP_KERNEL, 'the refill loop calls alloc_fn(GFP_KERNEL), L169');
    if ('inconsistent' in got) return got;
    if (got.result === 0) {
      const end = cursor.end('alloc_fn failed: the refill stops, return 0, L170-171');
      return end ?? expectReturn(what, outcome, 0, '0', 'L171, L184') ?? done(steps);
    }
    const e = got.result;
    const next = cursor.peek();
    if (next === undefined && outcome.kind === 'pending') {
      const add = (more: boolean): Step => ({ kind: 'refill-add', element: e, more });
      return done(steps, [[], [add(false)], [add(true)], [{ kind: 'refill-raced', element: e }]]);
    }
    if (next !== undefined && next.call === 'free') {
      const freed = cursor.free('element', e, 'raced: free_fn(element), L177');
      if ('inconsistent' in freed) return freed;
      const end = cursor.end('raced: return 0, L178');
      return end ?? expectReturn(what, outcome, 0, '0', 'L184') ?? done([...steps, { kind: 'refill-raced', element: e }]);
    }
    steps.push({ kind: 'refill-add', element: e, more: next !== undefined });
  }
}
