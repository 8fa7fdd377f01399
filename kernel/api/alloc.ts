import type { gfp_t } from '../rt/gfp.ts';
import type { AllocApi, Gen, KmemCache, Ptr } from '../rt/ops.ts';
import { NULL } from '../rt/ops.ts';
import { emit } from './emit.ts';

export { NULL };
export type { KmemCache };
export type kmem_cache = KmemCache;
export type size_t = number;

export const NUMA_NO_NODE = -1;
export const ENOMEM = 12;
export const PAGE_SIZE = 4096;
export const SIZEOF_PTR = 8;

/**
 * A C struct type: its size in words and how to view an address as the struct. Fields that the code
 * mutates while other threads may run are memory cells (addresses); fields written once before the
 * struct is shared can be plain properties of the view.
 */
export interface StructType<T extends Addressable> {
  readonly words: number;
  new (addr: Ptr): T;
}

/** A struct in simulated memory, seen through a view object that knows its address. */
export interface Addressable {
  readonly addr: Ptr;
}

/** `sizeof(type)`: here the type itself, so that kzalloc_node can hand back a typed view. */
export const sizeof = <T extends Addressable>(type: StructType<T>): StructType<T> => type;

const words = (size: number): number => Math.ceil(size / SIZEOF_PTR);

const allocate = (api: AllocApi, gfp: gfp_t, size: number, cells: number, order = 0, cache: KmemCache | null = null): Gen<Ptr> =>
  emit<Ptr>({ kind: 'alloc', req: { api, gfp, size, words: cells, order, cache } });

/** Zeroed allocation of a struct on a node; NULL (null) when it fails. */
export function* kzalloc_node<T extends Addressable>(type: StructType<T>, gfp_mask: gfp_t, _node: number): Gen<T | null> {
  const ptr = yield* allocate('kzalloc_node', gfp_mask, type.words * SIZEOF_PTR, type.words);
  return ptr === NULL ? null : new type(ptr);
}

/** kmalloc_node of `size` bytes (an array of words); the cells start at zero. kmalloc of 0 bytes is not NULL. */
export const kmalloc_node = (size: size_t, gfp_mask: gfp_t, _node: number): Gen<Ptr> =>
  allocate('kmalloc_node', gfp_mask, size, words(size));

export const kmalloc_array = (n: size_t, size: size_t, flags: gfp_t): Gen<Ptr> =>
  allocate('kmalloc_array', flags, n * size, words(n * size));

/** kmalloc_array on a node (Linux v4.15 on; mempool_init_node's elements array). */
export const kmalloc_array_node = (n: size_t, size: size_t, flags: gfp_t, _node: number): Gen<Ptr> =>
  allocate('kmalloc_array_node', flags, n * size, words(n * size));

/**
 * The element allocators (what mempool's alloc_fn/free_fn wrap). An element is an identity with its
 * size, order or cache, tracked in the allocator's live set, and a block of words its owner may use
 * (a pool threading its free list through the elements it holds): word i of element `e` is `e + i`.
 * Reading a word nobody wrote gives 0 (the model does not keep the allocator's garbage).
 */
export const kmalloc = (size: size_t, flags: gfp_t): Gen<Ptr> => allocate('kmalloc', flags, size, words(size));

/** kfree of a pointer or of a struct (its address); kfree(NULL) does nothing. */
export const kfree = (ptr: Ptr | Addressable | null): Gen<void> =>
  emit({ kind: 'free', api: 'kfree', ptr: ptr === null ? NULL : typeof ptr === 'number' ? ptr : ptr.addr, order: 0, cache: null });

export const kmem_cache_create = (name: string, size: size_t): Gen<KmemCache> => emit({ kind: 'cache_create', name, size });

export const kmem_cache_alloc = (cache: KmemCache, flags: gfp_t): Gen<Ptr> =>
  allocate('kmem_cache_alloc', flags, cache.size, words(cache.size), 0, cache);

export const kmem_cache_free = (cache: KmemCache, ptr: Ptr): Gen<void> =>
  emit({ kind: 'free', api: 'kmem_cache_free', ptr, order: 0, cache });

export const alloc_pages = (gfp_mask: gfp_t, order: number): Gen<Ptr> =>
  allocate('alloc_pages', gfp_mask, PAGE_SIZE << order, words(PAGE_SIZE << order), order);

export const __free_pages = (page: Ptr, order: number): Gen<void> =>
  emit({ kind: 'free', api: '__free_pages', ptr: page, order, cache: null });
