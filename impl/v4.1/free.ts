/** mempool_free (seed L277–328). */
import type { Gen, irqflags_t, Ptr } from '../../kernel/api/index.ts';
import {
  NULL,
  likely,
  load,
  smp_rmb,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  unlikely,
  unsequenced,
  wake_up,
} from '../../kernel/api/index.ts';
import { add_element, less, type mempool_t } from './mempool_t.ts';

export function* mempool_free(element: Ptr, pool: mempool_t): Gen<void> {
  let flags: irqflags_t; // L279

  if (unlikely(element === NULL)) // L281
    return; // L282

  /*
   * Paired with the wmb in mempool_alloc(). The preceding read is
   * for @element and the following @pool->curr_nr. This ensures
   * that the visible value of @pool->curr_nr is from after the
   * allocation of @element. (Full comment: seed L285-296.)
   */
  yield* smp_rmb(); // L298

  /*
   * For correctness, we need a test which is guaranteed to trigger
   * if curr_nr + #allocated == min_nr. Testing curr_nr < min_nr
   * without locking achieves that and refilling as soon as possible
   * is desirable. (Full comment: seed L300-316.)
   */
  // C does not order the two loads of `pool->curr_nr < pool->min_nr`: a compiler may load min_nr
  // first. `unsequenced` explores both orders (it takes no choice where the order cannot matter).
  if (unlikely(less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr))))) { // L317
    flags = yield* spin_lock_irqsave(pool.lock); // L318
    if (likely(less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr))))) { // L319
      yield* add_element(pool, element); // L320
      yield* spin_unlock_irqrestore(pool.lock, flags); // L321
      yield* wake_up(pool.wait); // L322
      return; // L323
    }
    yield* spin_unlock_irqrestore(pool.lock, flags); // L325
  }
  yield* pool.free(element, pool.pool_data); // L327
}
