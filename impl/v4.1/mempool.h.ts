/**
 * The pool constructors of include/linux/mempool.h (v4.1), which the seed's alloc/free fns are made
 * for: mempool_create_slab_pool, mempool_create_kmalloc_pool, mempool_create_page_pool.
 */
import type { Gen, gfp_t } from '../../kernel/api/index.ts';
import { NUMA_NO_NODE, kmem_cache_create } from '../../kernel/api/index.ts';
import type { Backend } from '../pool-impl.ts';
import {
  mempool_alloc_pages,
  mempool_alloc_slab,
  mempool_free_pages,
  mempool_free_slab,
  mempool_kfree,
  mempool_kmalloc,
} from './allocators.ts';
import { mempool_create, mempool_create_node } from './create.ts';
import type { mempool_alloc_t, mempool_free_t, mempool_t } from './mempool_t.ts';
import { sleeping_alloc, sleeping_free } from './sleeping.ts';

export function mempool_create_slab_pool(min_nr: number, kc: unknown): Gen<mempool_t | null> {
  return mempool_create(min_nr, mempool_alloc_slab, mempool_free_slab, kc);
}

export function mempool_create_kmalloc_pool(min_nr: number, size: number): Gen<mempool_t | null> {
  return mempool_create(min_nr, mempool_kmalloc, mempool_kfree, size);
}

export function mempool_create_page_pool(min_nr: number, order: number): Gen<mempool_t | null> {
  return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages, order);
}

/**
 * Create a pool on the given backend; a slab backend first creates its cache, as callers do. With
 * `backend.sleeps`, the same callbacks may sleep (./sleeping.ts): mempool_create with a caller's own
 * alloc_fn/free_fn, as the seed permits (L60-62).
 */
export function* mempool_create_for(min_nr: number, backend: Backend): Gen<mempool_t | null> {
  if (backend.sleeps === true) {
    const [alloc_fn, free_fn, pool_data] = yield* standardCallbacks(backend);
    return yield* mempool_create(min_nr, sleeping_alloc(alloc_fn), sleeping_free(free_fn), pool_data);
  }
  switch (backend.kind) {
    case 'slab':
      return yield* mempool_create_slab_pool(min_nr, yield* kmem_cache_create('mempool-check', backend.size));
    case 'kmalloc':
      return yield* mempool_create_kmalloc_pool(min_nr, backend.size);
    case 'pages':
      return yield* mempool_create_page_pool(min_nr, backend.order);
    default: {
      const never: never = backend;
      throw new Error(`unknown backend ${JSON.stringify(never)}`);
    }
  }
}

/**
 * mempool_create_node with a caller's mask on the backend's standard callbacks (sleeping ones with
 * `backend.sleeps`), as a caller that is not in process context, or must not recurse into the
 * filesystem or I/O, creates its pool (L72-107: every allocation there takes `gfp_mask`).
 */
export function* mempool_create_node_for(min_nr: number, backend: Backend, gfp_mask: gfp_t): Gen<mempool_t | null> {
  const [alloc_fn, free_fn, pool_data] = yield* standardCallbacks(backend);
  if (backend.sleeps === true) return yield* mempool_create_node(min_nr, sleeping_alloc(alloc_fn), sleeping_free(free_fn), pool_data, gfp_mask, NUMA_NO_NODE);
  return yield* mempool_create_node(min_nr, alloc_fn, free_fn, pool_data, gfp_mask, NUMA_NO_NODE);
}

/** The alloc_fn, free_fn and pool_data the three mempool.h constructors above pass to mempool_create. */
function* standardCallbacks(backend: Backend): Gen<[mempool_alloc_t, mempool_free_t, unknown]> {
  switch (backend.kind) {
    case 'slab':
      return [mempool_alloc_slab, mempool_free_slab, yield* kmem_cache_create('mempool-check', backend.size)];
    case 'kmalloc':
      return [mempool_kmalloc, mempool_kfree, backend.size];
    case 'pages':
      return [mempool_alloc_pages, mempool_free_pages, backend.order];
    default: {
      const never: never = backend;
      throw new Error(`unknown backend ${JSON.stringify(never)}`);
    }
  }
}
