/**
 * The element allocator behind a pool: the backend's allocation and free calls (what mm/mempool.c
 * calls alloc_fn and free_fn), chosen once when the pool is created.
 */
import type { Backend } from '../../impl/pool-impl.ts';
import { __free_pages, alloc_pages, kfree, kmalloc, kmem_cache_alloc, kmem_cache_create, kmem_cache_free, type Gen, type gfp_t, type Ptr } from '../../kernel/api/index.ts';

export interface ElementAllocator {
  alloc(gfp_mask: gfp_t): Gen<Ptr>;
  free(element: Ptr): Gen<void>;
}

export function* elementAllocator(backend: Backend): Gen<ElementAllocator> {
  switch (backend.kind) {
    case 'slab': {
      const cache = yield* kmem_cache_create('freelist-pool', backend.size);
      return { alloc: (gfp) => kmem_cache_alloc(cache, gfp), free: (element) => kmem_cache_free(cache, element) };
    }
    case 'kmalloc':
      return { alloc: (gfp) => kmalloc(backend.size, gfp), free: (element) => kfree(element) };
    case 'pages':
      return { alloc: (gfp) => alloc_pages(gfp, backend.order), free: (element) => __free_pages(element, backend.order) };
    default: {
      const never: never = backend;
      throw new Error(`unknown backend ${JSON.stringify(never)}`);
    }
  }
}
