/**
 * What each property formalises in the seed (docs/seed/mempool.c, original line numbers): the lines
 * whose behaviour it judges and the comment it takes its promise from. The invariants document prints
 * it beside the property's statement; a test fails when a registered property has no entry here.
 */
export interface Formalises {
  /** Seed lines (`L19-L29`, `L317`). */
  readonly lines: string;
  /** The seed's own words it rests on (a comment, or the code), quoted. */
  readonly quote: string;
}

export const FORMALISES: Readonly<Record<string, Formalises>> = {
  'BUG-FREE': { lines: 'L21, L27, L132', quote: '`BUG_ON(pool->curr_nr >= pool->min_nr)` in add_element, `BUG_ON(pool->curr_nr <= 0)` in remove_element, `BUG_ON(new_min_nr <= 0)` in mempool_resize' },
  BOUNDS: { lines: 'L19-L29 (under `pool->lock`)', quote: 'add_element and remove_element keep `0 <= curr_nr <= min_nr` (their BUG_ONs), which holds whenever the lock is free' },
  OWNERSHIP: { lines: 'L19-L47, L218-L233, L317-L327', quote: 'every element comes from `pool->alloc` and goes back through the reserve or `pool->free`: the pool never loses or duplicates one' },
  'NO-LEAK': { lines: 'L39-L47, L96-L104', quote: '"Free all reserved elements in @pool and @pool itself" (mempool_destroy, L36); a failed pre-fill destroys what it built (L101)' },
  'NEVER-NULL': { lines: 'L194-L197, L246-L250', quote: '"due to preallocation, this function *never* fails when called from process contexts" (L195-196)' },
  'FORCED-GFP': { lines: 'L210-L214', quote: '`__GFP_NOMEMALLOC` "don\'t allocate emergency reserves", `__GFP_NORETRY` "don\'t loop in __alloc_pages", `__GFP_NOWARN` "failures are OK"; `gfp_temp = gfp_mask & ~(__GFP_WAIT|__GFP_IO)` for the first round' },
  'NO-SLEEP-ATOMIC': { lines: 'L60-L62, L208, L246-L262', quote: '"We must not sleep if !__GFP_WAIT" (L246); alloc_fn and free_fn "might sleep - as long as the mempool_alloc() function is not called from IRQ contexts" (L60-62)' },
  RESERVE: { lines: 'L117-L119, L300-L316, L317-L324', quote: '"we need a test which is guaranteed to trigger if curr_nr + #allocated == min_nr" (L301-302); resize: "new mempool_free() calls will refill it" (L119)' },
  LINEARIZABLE: { lines: 'L110-L328', quote: 'each operation behaves as one of its critical sections taken atomically (the reference model, model/README.md)' },
  'NO-LOST-WAKEUP': { lines: 'L252-L262, L313-L322', quote: '"Waiters happen iff curr_nr is 0 and the above guarantee also ensures that there will be frees which return elements to the pool waking up the waiters" (L313-315)' },
  'NO-DEADLOCK': { lines: 'L252-L265, L313-L315', quote: '"Let\'s wait for someone else to return an element to @pool" (L252): a waiter sleeps only while some caller holds an element it will free' },
  'FREE-SEES-REMOVAL': { lines: 'L226-L227, L283-L298, L306-L311', quote: '"Because curr_nr visible here is always a value after the allocation of @element" (L306-307), made so by the smp_wmb (L227) / smp_rmb (L298) pair' },
  'ZERO-WARN': { lines: 'L198, L207', quote: '"Note: using __GFP_ZERO is not supported." (L198); `VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO)` (L207)' },
  'KERNEL-OBJECTS': { lines: 'L86, L89, L253-L264', quote: '`spin_lock_init(&pool->lock)` and `init_waitqueue_head(&pool->wait)` before the pool is used (L86, L89); `init_wait`/`prepare_to_wait` ... `finish_wait(&pool->wait, &wait)` (L253-L264): the on-stack wait entry leaves the queue before mempool_alloc returns' },
  'IMPL-CRASH': { lines: 'every function', quote: 'kernel code does not oops: no call through a NULL function pointer (`pool->alloc`, `pool->free` are set at L90-L91 before use), no access through a bad object' },
  LIVELOCK: { lines: 'L137-L174, L236-L264', quote: 'every operation ends in a fair schedule: its loops (resize\'s shrink and refill, mempool_alloc\'s retry) never return the world to the same state for ever' },
  'ENDLESS-STEP': { lines: 'every function', quote: 'no code path loops without a kernel operation (a lock, a memory access, a sleep) at which another CPU can run' },
};

/** Mutants that no property can kill, with why (none so far: every mutant of impl/mutants/ is caught). */
export const EQUIVALENT_MUTANTS: Readonly<Record<string, string>> = {};
