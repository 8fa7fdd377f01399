/** The commonly used alloc_fn/free_fn pairs (seed L334–380). */
import type { Gen, gfp_t, KmemCache, Ptr } from '../../kernel/api/index.ts';
import { __free_pages, alloc_pages, kfree, kmalloc, kmem_cache_alloc, kmem_cache_free } from '../../kernel/api/index.ts';

export function* mempool_alloc_slab(gfp_mask: gfp_t, pool_data: unknown): Gen<Ptr> {
  const mem = pool_data as KmemCache; // L336
  return yield* kmem_cache_alloc(mem, gfp_mask); // L337
}

export function* mempool_free_slab(element: Ptr, pool_data: unknown): Gen<void> {
  const mem = pool_data as KmemCache; // L343
  yield* kmem_cache_free(mem, element); // L344
}

export function* mempool_kmalloc(gfp_mask: gfp_t, pool_data: unknown): Gen<Ptr> {
  const size = pool_data as number; // L354
  return yield* kmalloc(size, gfp_mask); // L355
}

export function* mempool_kfree(element: Ptr, _pool_data: unknown): Gen<void> {
  yield* kfree(element); // L361
}

export function* mempool_alloc_pages(gfp_mask: gfp_t, pool_data: unknown): Gen<Ptr> {
  const order = pool_data as number; // L371
  return yield* alloc_pages(gfp_mask, order); // L372
}

export function* mempool_free_pages(element: Ptr, pool_data: unknown): Gen<void> {
  const order = pool_data as number; // L378
  yield* __free_pages(element, order); // L379
}
