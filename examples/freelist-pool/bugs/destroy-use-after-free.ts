/**
 * An injected bug: mempool_destroy frees each element of the free list, then reads its link to find
 * the next one (the classic `for (e = head; e; e = e->next) free(e)`). The link lives in the element,
 * which its allocator owns again: OWNERSHIP reports the use after free.
 */
import { NULL, kfree, load, store, type Gen } from '../../../kernel/api/index.ts';
import type { PoolImpl } from '../../../impl/pool-impl.ts';
import { allocatorOf, freelistPool, NEXT, type FreelistPool } from '../pool.ts';

function* destroy(pool: FreelistPool): Gen<void> {
  let element = yield* load(pool.head);
  yield* store(pool.head, NULL);
  while (element !== NULL) {
    yield* allocatorOf(pool).free(element);
    element = yield* load(element + NEXT); // the link read after the free
  }
  yield* kfree(pool);
}

export const destroyUseAfterFreePool: PoolImpl<FreelistPool> = {
  ...freelistPool,
  name: 'freelist-pool+destroy-use-after-free',
  description: 'the free-list pool with an injected bug: destroy reads each link after freeing its element',
  destroy,
};

export default destroyUseAfterFreePool;
