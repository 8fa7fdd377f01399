/**
 * An injected bug: mempool_alloc checks the free list before taking the lock and acts on what it saw
 * after taking it (check-then-act). Two allocs that both find the allocator failing can both see the
 * same first element: one takes it; the other, a moment later, follows that element's link although
 * the element already belongs to a caller (OWNERSHIP: the pool touched an element it had handed out),
 * and may hand it out a second time.
 */
import { NULL, READ_ONCE, __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, load, spin_lock_irqsave, spin_unlock_irqrestore, store, type Gen, type gfp_t, type Ptr } from '../../../kernel/api/index.ts';
import type { PoolImpl } from '../../../impl/pool-impl.ts';
import { allocatorOf, freelistPool, NEXT, type FreelistPool } from '../pool.ts';

function* alloc(pool: FreelistPool, gfp_mask: gfp_t): Gen<Ptr> {
  const fresh = yield* allocatorOf(pool).alloc(gfp_mask | __GFP_NOWARN | __GFP_NORETRY | __GFP_NOMEMALLOC);
  if (fresh !== NULL) return fresh;
  const head = yield* READ_ONCE(pool.head); // the check, without the lock
  const flags = yield* spin_lock_irqsave(pool.lock);
  if (head === NULL) {
    yield* spin_unlock_irqrestore(pool.lock, flags);
    return yield* freelistPool.alloc(pool, gfp_mask); // nothing seen: the correct path
  }
  yield* store(pool.head, yield* load(head + NEXT)); // the act, on what the check saw
  yield* store(pool.curr_nr, (yield* load(pool.curr_nr)) - 1);
  yield* spin_unlock_irqrestore(pool.lock, flags);
  return head;
}

export const checkThenActPool: PoolImpl<FreelistPool> = {
  ...freelistPool,
  name: 'freelist-pool+check-then-act',
  description: 'the free-list pool with an injected bug: alloc reads the free list before taking the lock',
  alloc,
};

export default checkThenActPool;
