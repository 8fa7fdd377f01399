/** mempool_alloc (seed L200–266). `goto repeat_alloc` becomes `continue repeat_alloc`. */
import type { Gen, gfp_t, irqflags_t, Ptr } from '../../kernel/api/index.ts';
import {
  HZ,
  NULL,
  TASK_UNINTERRUPTIBLE,
  VM_WARN_ON_ONCE,
  __GFP_IO,
  __GFP_NOMEMALLOC,
  __GFP_NORETRY,
  __GFP_NOWARN,
  __GFP_WAIT,
  __GFP_ZERO,
  finish_wait,
  init_wait,
  io_schedule_timeout,
  kmemleak_update_trace,
  likely,
  load,
  might_sleep_if,
  prepare_to_wait,
  smp_wmb,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  wait_queue_t,
} from '../../kernel/api/index.ts';
import { remove_element, type mempool_t } from './mempool_t.ts';

export function* mempool_alloc(pool: mempool_t, gfp_mask: gfp_t): Gen<Ptr> {
  let element: Ptr; // L202
  let flags: irqflags_t; // L203
  const wait = new wait_queue_t(); // L204
  let gfp_temp: gfp_t; // L205

  yield* VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO); // L207
  yield* might_sleep_if(gfp_mask & __GFP_WAIT); // L208

  gfp_mask |= __GFP_NOMEMALLOC; /* don't allocate emergency reserves */ // L210
  gfp_mask |= __GFP_NORETRY; /* don't loop in __alloc_pages */ // L211
  gfp_mask |= __GFP_NOWARN; /* failures are OK */ // L212

  gfp_temp = gfp_mask & ~(__GFP_WAIT | __GFP_IO); // L214

  repeat_alloc: for (;;) { // L216

    element = yield* pool.alloc(gfp_temp, pool.pool_data); // L218
    if (likely(element !== NULL)) // L219
      return element; // L220

    flags = yield* spin_lock_irqsave(pool.lock); // L222
    if (likely(yield* load(pool.curr_nr))) { // L223
      element = yield* remove_element(pool); // L224
      yield* spin_unlock_irqrestore(pool.lock, flags); // L225
      /* paired with rmb in mempool_free(), read comment there */
      yield* smp_wmb(); // L227
      /*
       * Update the allocation stack trace as this is more useful
       * for debugging.
       */
      yield* kmemleak_update_trace(element); // L232
      return element; // L233
    }

    /*
     * We use gfp mask w/o __GFP_WAIT or IO for the first round. If
     * alloc failed with that and @pool was empty, retry immediately.
     */
    if (gfp_temp !== gfp_mask) { // L240
      yield* spin_unlock_irqrestore(pool.lock, flags); // L241
      gfp_temp = gfp_mask; // L242
      continue repeat_alloc; // L243
    }

    /* We must not sleep if !__GFP_WAIT */
    if (!(gfp_mask & __GFP_WAIT)) { // L247
      yield* spin_unlock_irqrestore(pool.lock, flags); // L248
      return NULL; // L249
    }

    /* Let's wait for someone else to return an element to @pool */
    yield* init_wait(wait); // L253
    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE); // L254

    yield* spin_unlock_irqrestore(pool.lock, flags); // L256

    /*
     * FIXME: this should be io_schedule(). The timeout is there as a
     * workaround for some DM problems in 2.6.18.
     */
    yield* io_schedule_timeout(5 * HZ); // L262

    yield* finish_wait(pool.wait, wait); // L264
    continue repeat_alloc; // L265
  }
}
