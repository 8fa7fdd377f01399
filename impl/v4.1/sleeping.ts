/**
 * Callbacks that may sleep. The seed lets a pool's alloc_fn and free_fn sleep ("Both the alloc_fn()
 * and the free_fn() functions might sleep", L60-62), so mempool may call them only where sleeping is
 * allowed: never with the pool lock held (L139-140 drop it around free_fn, L168-169 around alloc_fn).
 * These wrap the standard callbacks of L334-380 the way a real sleeping allocator behaves: alloc_fn
 * may sleep when its mask allows it (might_sleep_if(__GFP_WAIT), as the slab allocator's own check),
 * free_fn may sleep always. Not part of the seed: a caller's choice of callbacks that it permits.
 */
import type { Gen, gfp_t, Ptr } from '../../kernel/api/index.ts';
import { __GFP_WAIT, might_sleep, might_sleep_if } from '../../kernel/api/index.ts';
import type { mempool_alloc_t, mempool_free_t } from './mempool_t.ts';

export function sleeping_alloc(alloc_fn: mempool_alloc_t): mempool_alloc_t {
  return function* (gfp_mask: gfp_t, pool_data: unknown): Gen<Ptr> {
    yield* might_sleep_if(gfp_mask & __GFP_WAIT);
    return yield* alloc_fn(gfp_mask, pool_data);
  };
}

export function sleeping_free(free_fn: mempool_free_t): mempool_free_t {
  return function* (element: Ptr, pool_data: unknown): Gen<void> {
    yield* might_sleep();
    yield* free_fn(element, pool_data);
  };
}
