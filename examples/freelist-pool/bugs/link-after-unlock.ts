/**
 * An injected bug: mempool_free publishes the element as the head of the free list under the lock, but
 * writes its link (word 0) only after unlocking, to keep the critical section short. Between the unlock
 * and that write, another thread's alloc may pop the element and return it to its caller: the free then
 * writes into an element the pool has handed out (OWNERSHIP). Nothing else need go wrong: the link it
 * writes is usually the value the alloc already read, so only the ownership of the element's words
 * tells this pool from the correct one.
 */
import { NULL, load, spin_lock_irqsave, spin_unlock_irqrestore, store, wake_up, type Gen, type Ptr } from '../../../kernel/api/index.ts';
import type { PoolImpl } from '../../../impl/pool-impl.ts';
import { allocatorOf, freelistPool, hasRoom, NEXT, type FreelistPool } from '../pool.ts';

function* free(element: Ptr, pool: FreelistPool): Gen<void> {
  if (element === NULL) return;
  const flags = yield* spin_lock_irqsave(pool.lock);
  if (yield* hasRoom(pool)) {
    const next = yield* load(pool.head);
    yield* store(pool.head, element);
    yield* store(pool.curr_nr, (yield* load(pool.curr_nr)) + 1);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* store(element + NEXT, next); // the bug: the element is in the free list, anyone may have taken it
    yield* wake_up(pool.wait);
    return;
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  yield* allocatorOf(pool).free(element);
}

export const linkAfterUnlockPool: PoolImpl<FreelistPool> = {
  ...freelistPool,
  name: 'freelist-pool+link-after-unlock',
  description: 'the free-list pool with an injected bug: free links the element into the list after unlocking',
  free,
};

export default linkAfterUnlockPool;
