/**
 * include/linux/mempool.h from Linux v6.10 on, for a mempool.c of that era. Allocation profiling
 * renamed the functions that allocate to `*_noprof` and made `mempool_alloc`, `mempool_create` and
 * `mempool_create_node` macros around them (`alloc_hooks()`, which adds nothing when profiling is off;
 * mempool_create's fixed GFP_KERNEL and NUMA_NO_NODE come from the header's `mempool_create_noprof`).
 * The checker calls the entry points by their plain names, so a file that defines only the `_noprof`
 * functions gets these (written here as functions). One that defines the plain names keeps its own;
 * one that defines neither loses them (their callee is undefined) and is refused as before.
 */
import { MEMPOOL_H, MEMPOOL_H_FILE } from './headers.ts';

export const MEMPOOL_NOPROF_FILE = MEMPOOL_H_FILE;

/** Numbered after the rest of the tool's mempool.h, so that a line of the header names one place. */
export const MEMPOOL_NOPROF = '\n'.repeat(MEMPOOL_H.split('\n').length) + `
extern mempool_t *mempool_create_node_noprof(int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data,
			gfp_t gfp_mask, int nid);
extern void *mempool_alloc_noprof(mempool_t *pool, gfp_t gfp_mask);

static inline mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data,
			gfp_t gfp_mask, int nid)
{
	return mempool_create_node_noprof(min_nr, alloc_fn, free_fn, pool_data, gfp_mask, nid);
}

static inline mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data)
{
	return mempool_create_node_noprof(min_nr, alloc_fn, free_fn, pool_data, GFP_KERNEL, NUMA_NO_NODE);
}

static inline void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	return mempool_alloc_noprof(pool, gfp_mask);
}
`;
