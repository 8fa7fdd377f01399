/** mempool_create_node (L72-107), mempool_destroy (L39-47) and mempool_free (L277-328) as model steps. */
import { CallCursor, done, expectReturn, outcomeText, type Planned } from './calls.ts';
import { GFP_KERNEL, __GFP_ZERO, gfpText, ptrText } from './gfp.ts';
import { slotsOf, type Refinement } from './profile.ts';
import type { Step } from './steps.ts';
import { inconsistent, type AllocatorCall, type Elem, type Inconsistent, type Outcome, type Readable } from './types.ts';

const neverBlocks = (what: string, outcome: Outcome): Inconsistent | null =>
  outcome.kind === 'bug' || outcome.kind === 'blocked'
    ? inconsistent(`${what} neither hits a BUG nor blocks`, 'returns', outcomeText(outcome))
    : null;

/**
 * mempool_create_node(min_nr, ..., gfp_mask, node): the pool struct (L77), the elements array (L80-81),
 * then min_nr pre-filled elements (L96-99; v6.17: max(1, min_nr), v6.17 L218), all with the caller's
 * gfp_mask; mempool_create(min_nr) passes GFP_KERNEL (L67-68). Any failure frees what was built (the
 * pre-filled elements top first through mempool_destroy, L101) and returns NULL.
 */
export function planCreate(version: Refinement, min_nr: number, calls: readonly AllocatorCall[], outcome: Outcome, gfp?: number): Planned | Inconsistent {
  const what = gfp === undefined ? `mempool_create(${min_nr})` : `mempool_create_node(${min_nr}, ${gfpText(gfp)})`;
  const mask = gfp ?? GFP_KERNEL;
  const maskText = gfpText(mask);
  const bad = neverBlocks(what, outcome);
  if (bad) return bad;
  if (outcome.kind === 'pending') return done([]);
  const failed: Planned = done([{ kind: 'create-failed' }]);
  const cursor = new CallCursor(calls, what);
  const pool = cursor.alloc('meta', mask | __GFP_ZERO, 'the pool struct, zeroed: kzalloc_node, L77 (v6.x: kmalloc_node with __GFP_ZERO)');
  if ('inconsistent' in pool) return pool;
  if (pool.result === 0) return cursor.end('no pool struct: return NULL, L78-79') ?? expectReturn(what, outcome, 0, 'NULL', 'L79') ?? failed;
  const array = cursor.alloc('meta', mask, 'kmalloc_node of the elements array, L80-81');
  if ('inconsistent' in array) return array;
  if (array.result === 0) {
    const freed = cursor.free('meta', pool.result, 'kfree(pool), L83');
    if ('inconsistent' in freed) return freed;
    return cursor.end('return NULL, L84') ?? expectReturn(what, outcome, 0, 'NULL', 'L84') ?? failed;
  }
  const elements: Elem[] = [];
  const prefill = slotsOf(version, min_nr);
  const where = prefill === min_nr ? 'L96-99' : 'v6.17 L218: max(1, min_nr)';
  while (elements.length < prefill) {
    const got = cursor.alloc('element', mask, `pre-fill ${elements.length + 1} of ${prefill}: alloc_fn(${maskText}), ${where}`);
    if ('inconsistent' in got) return got;
    if (got.result === 0) return unwind(what, cursor, elements, array.result, pool.result, outcome);
    elements.push(got.result);
  }
  const end = cursor.end('the pool is full: return it, L106');
  if (end) return end;
  if (outcome.kind !== 'returned' || outcome.value === 0) {
    return inconsistent(`${what} returns the pool once pre-filled (L106)`, 'returned the pool', outcomeText(outcome));
  }
  return done([{ kind: 'create', min_nr, elements }]);
}

/** A pre-fill failed: mempool_destroy frees the pre-filled elements top first, the array, the pool. */
function unwind(what: string, cursor: CallCursor, elements: readonly Elem[], array: Elem, pool: Elem, outcome: Outcome): Planned | Inconsistent {
  for (let i = elements.length - 1; i >= 0; i--) {
    const e = elements[i] ?? 0;
    const freed = cursor.free('element', e, `a pre-fill failed: mempool_destroy hands the ${elements.length} pre-filled element(s) to free_fn top first, L100-101, L41-43`);
    if ('inconsistent' in freed) return freed;
  }
  const a = cursor.free('meta', array, 'mempool_destroy: kfree(pool->elements), L45');
  if ('inconsistent' in a) return a;
  const p = cursor.free('meta', pool, 'mempool_destroy: kfree(pool), L46');
  if ('inconsistent' in p) return p;
  return cursor.end('return NULL, L102') ?? expectReturn(what, outcome, 0, 'NULL', 'L102') ?? done([{ kind: 'create-failed' }]);
}

/** mempool_destroy: free_fn for every reserve element (top first), then kfree the array and the pool. */
export function planDestroy(calls: readonly AllocatorCall[], outcome: Outcome): Planned | Inconsistent {
  const what = 'mempool_destroy';
  const bad = neverBlocks(what, outcome);
  if (bad) return bad;
  const freed: Elem[] = [];
  let i = 0;
  for (; i < calls.length; i++) {
    const c = calls[i];
    if (c === undefined || c.call !== 'free' || c.cls !== 'element') break;
    freed.push(c.ptr);
  }
  const cursor = new CallCursor(calls.slice(i), what);
  if (outcome.kind === 'pending' && cursor.atEnd) return done([]);
  const array = cursor.free('meta', null, 'kfree(pool->elements) after the reserve, L45');
  if ('inconsistent' in array) return array;
  const pool = cursor.free('meta', null, 'kfree(pool), L46');
  if ('inconsistent' in pool) return pool;
  const end = cursor.end('L47');
  if (end) return end;
  return done([{ kind: 'destroy', freed, elements: array.ptr, pool: pool.ptr }]);
}

/**
 * mempool_free(element): NULL does nothing (L281-282); otherwise the element refills a short reserve
 * (push, L317-323) or goes to free_fn (release, L327) after the unlocked test (free-test, L317), whose
 * two loads may straddle a concurrent resize.
 */
export function planFree(element: Elem, calls: readonly AllocatorCall[], outcome: Outcome, readable?: Readable): Planned | Inconsistent {
  const what = `mempool_free(${ptrText(element)})`;
  const bad = neverBlocks(what, outcome);
  if (bad) return bad;
  const cursor = new CallCursor(calls, what);
  if (element === 0) return cursor.end('freeing NULL does nothing, L281-282') ?? done([]);
  const push: Step = { kind: 'push', element };
  if (cursor.atEnd) return outcome.kind === 'pending' ? done([], [[], [push]]) : done([push]);
  const freed = cursor.free('element', element, 'the reserve is full: free_fn(element), L327');
  if ('inconsistent' in freed) return freed;
  // The unlocked test's first load, then the decision (its second load, or the locked re-check).
  const test: Step = readable === undefined ? { kind: 'free-test', element } : { kind: 'free-test', element, readable };
  return cursor.end('L327 is the last thing it does') ?? done([test, { kind: 'release', element }]);
}
