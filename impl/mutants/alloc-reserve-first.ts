import type { Mutant } from './mutant.ts';

/**
 * (a) mempool_alloc looks at the reserve before asking alloc_fn. Breaks the reserve's purpose: the
 * emergency elements are handed out while the allocator could still serve, so the pool drains in normal
 * operation and is empty when memory is really short. The sequential check sees an alloc that returns
 * without any alloc_fn call (L218 must come first).
 */
export const allocReserveFirst: Mutant = {
  name: 'alloc-reserve-first',
  summary: 'mempool_alloc pops the reserve before calling alloc_fn (L218 moved after L222-233)',
  breaks: 'the reserve is used while the allocator could serve: drained in normal operation (alloc_fn must be tried first, L218)',
  file: 'alloc.ts',
  patches: [
    {
      find: '    element = yield* pool.alloc(gfp_temp, pool.pool_data); // L218\n',
      replace: [
        '    flags = yield* spin_lock_irqsave(pool.lock); // mutant: the reserve first (L222)',
        '    if (yield* load(pool.curr_nr)) { element = yield* remove_element(pool); yield* spin_unlock_irqrestore(pool.lock, flags); return element; } // mutant (L223-233)',
        '    yield* spin_unlock_irqrestore(pool.lock, flags); // mutant',
        '    element = yield* pool.alloc(gfp_temp, pool.pool_data); // L218',
        '',
      ].join('\n'),
    },
  ],
  caughtBy: ['SEQUENTIAL', 'LINEARIZABLE'],
};
