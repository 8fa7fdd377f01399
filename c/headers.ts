/**
 * The kernel headers a pool includes, answered by the tool's own declarations: the constants of the
 * seed's era (GFP flags of Linux v4.1, HZ, task states, errno), the types (gfp_t, spinlock_t, wait
 * queues, struct kmem_cache), and include/linux/mempool.h itself (mempool_t, the alloc/free function
 * types, and the static inline pool constructors), written in C and compiled like the user's file.
 * Kernel calls (spin_lock_irqsave, kmalloc, wake_up, BUG_ON...) are not declared here: the compiler
 * knows them (builtins.ts).
 */
import * as api from '../kernel/api/index.ts';
import type { Macro } from './macros.ts';
import { tokenize } from './pp-tokens.ts';
import { listMacros } from './list-h.ts';
import { T, type CType } from './types.ts';

/** Every header `#include <...>` may name; each makes the same declarations visible. */
export const KNOWN_HEADERS: ReadonlySet<string> = new Set(
  [
    'mm', 'slab', 'kmemleak', 'export', 'mempool', 'blkdev', 'writeback', 'spinlock', 'wait', 'sched', 'gfp', 'types',
    'kernel', 'bug', 'compiler', 'string', 'module', 'errno', 'mmdebug', 'numa', 'stddef', 'init', 'log2', 'atomic', 'jiffies',
    'highmem', 'kasan', 'list', 'fault-inject',
  ].map((h) => `linux/${h}.h`).concat(['asm/barrier.h', 'asm/page.h']),
);

/**
 * Headers `#include "..."` may name, answered like the kernel headers: mm/mempool.c includes mm's own
 * "slab.h" from Linux v4.x on (for the slab internals of its debug checks, which are compiled out).
 */
export const KNOWN_LOCAL_HEADERS: ReadonlySet<string> = new Set(['slab.h']);

/** CONFIG_ symbols set unless the caller chooses others: an SMP kernel with CONFIG_DEBUG_VM (VM_BUG_ON, VM_WARN_ON_ONCE active, as the port assumes). */
export const DEFAULT_CONFIG: Readonly<Record<string, number>> = { CONFIG_SMP: 1, CONFIG_MMU: 1, CONFIG_DEBUG_VM: 1 };

const hex = (v: number): string => `0x${v.toString(16)}u`;

const object = (name: string, body: string): Macro => ({ name, params: null, body: tokenize(body).map((t) => ({ ...t, col: -1 })) });
const functionLike = (name: string, params: string[], body: string): Macro => ({ ...object(name, body), params });

/**
 * The names the v4.4 rework gave the GFP flags ("mm, page_alloc: distinguish between being unable to
 * sleep, unwilling to sleep and avoiding waking kswapd"), mapped onto v4.1's bits so a later mempool.c
 * passes on the masks it was given: __GFP_DIRECT_RECLAIM is the "may sleep" bit, __GFP_WAIT's. The
 * simulated kernel has no kswapd, so __GFP_KSWAPD_RECLAIM is 0 and __GFP_RECLAIM is
 * __GFP_DIRECT_RECLAIM (GFP_KERNEL then keeps its v4.1 value).
 */
function laterGfpMacros(): Macro[] {
  return [
    object('__GFP_DIRECT_RECLAIM', hex(api.__GFP_WAIT)),
    object('__GFP_KSWAPD_RECLAIM', '0x0u'),
    object('__GFP_RECLAIM', hex(api.__GFP_WAIT)),
    functionLike('gfpflags_allow_blocking', ['gfp_flags'], `(!!((gfp_flags) & ${hex(api.__GFP_WAIT)}))`),
    // v5.14: might_alloc() is lockdep's reclaim annotation (nothing to model) and might_sleep_if().
    functionLike('might_alloc', ['gfp_mask'], 'might_sleep_if(gfpflags_allow_blocking(gfp_mask))'),
  ];
}

/** The GFP flags (unsigned, as gfp_t is) with the kernel/api values, so masks are the port's. */
function gfpMacros(): Macro[] {
  const out: Macro[] = [];
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'number' && /^(__GFP_|GFP_)[A-Z0-9_]+$/.test(name)) out.push(object(name, hex(value)));
  }
  return out;
}

export function predefinedMacros(config: Readonly<Record<string, number>>): Macro[] {
  return [
    ...gfpMacros(),
    ...laterGfpMacros(),
    ...listMacros(),
    object('NULL', '((void *)0)'),
    object('_RET_IP_', '0UL'),
    object('HZ', String(api.HZ)),
    object('TASK_RUNNING', String(api.TASK_RUNNING)),
    object('TASK_UNINTERRUPTIBLE', String(api.TASK_UNINTERRUPTIBLE)),
    object('MAX_SCHEDULE_TIMEOUT', `${api.MAX_SCHEDULE_TIMEOUT}L`),
    object('NUMA_NO_NODE', `(${api.NUMA_NO_NODE})`),
    object('ENOMEM', String(api.ENOMEM)),
    object('PAGE_SIZE', `${api.PAGE_SIZE}UL`),
    object('true', '1'),
    object('false', '0'),
    object('__init', ''),
    object('__exit', ''),
    object('__must_check', ''),
    object('__always_inline', 'inline'),
    // Statics defined already initialised: a zero word is an unlocked lock and an empty queue.
    functionLike('DEFINE_SPINLOCK', ['x'], 'spinlock_t x'),
    functionLike('DECLARE_WAIT_QUEUE_HEAD', ['name'], 'wait_queue_head_t name'),
    // The on-stack wait entry, declared and initialised at once (include/linux/wait.h).
    functionLike('DEFINE_WAIT', ['name'], 'wait_queue_entry_t name; init_wait(&name)'),
    // Fault injection as a kernel without CONFIG_FAULT_INJECTION has it: no attribute, never a
    // failure (should_fail_ex, builtins.ts), and initcalls are not the pool's API.
    functionLike('DECLARE_FAULT_ATTR', ['name'], 'struct fault_attr name'),
    object('FAULT_NOWARN', '1'),
    functionLike('late_initcall', ['fn'], ''),
    ...Object.entries(config).map(([name, value]) => object(name, String(value))),
  ];
}

/** Type names the headers declare (beyond C's own). */
export const BUILTIN_TYPEDEFS: ReadonlyMap<string, CType> = new Map<string, CType>([
  ['gfp_t', T.uint],
  ['size_t', T.ulong],
  ['ssize_t', T.long],
  ['bool', T.bool],
  ['_Bool', T.bool],
  ['u8', T.uchar],
  ['u16', T.ushort],
  ['u32', T.uint],
  ['u64', T.ulong],
  ['s8', T.char],
  ['s16', T.short],
  ['s32', T.int],
  ['s64', T.long],
  ['uintptr_t', T.ulong],
  ['spinlock_t', T.lock],
  ['wait_queue_head_t', T.waithead],
  ['wait_queue_t', T.waitentry],
  ['wait_queue_entry_t', T.waitentry],
]);

/** Structs the headers know only by name (pointers to them are opaque handles). */
export const OPAQUE_STRUCTS: ReadonlySet<string> = new Set(['kmem_cache', 'page']);

/**
 * Fields of header structs that are written once before the struct is shared (see types.ts): the
 * port keeps them outside memory, and so does the front end, so both explore the same interleavings.
 */
/** Struct tags that name another: mempool.h calls its struct `struct mempool` from Linux v6.19 (linux-next) on. */
export const STRUCT_ALIASES: ReadonlyMap<string, string> = new Map([['mempool', 'mempool_s']]);

export const SET_ONCE_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([['mempool_s', new Set(['pool_data', 'alloc', 'free'])]]);

export const MEMPOOL_H_FILE = 'include/linux/mempool.h';

/** The struct tag of atomic_t (the kernel's is anonymous; the tag lets the compiler recognise it). */
export const ATOMIC_TAG = 'atomic_s';

/** include/linux/mempool.h of Linux v4.1 (GPL-2.0, like the seed), the parts a pool needs. */
export const MEMPOOL_H = `/*
 * memory buffer pool support
 */
typedef void * (mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (mempool_free_t)(void *element, void *pool_data);

typedef struct mempool_s {
	spinlock_t lock;
	int min_nr;		/* nr of elements at *elements */
	int curr_nr;		/* Current nr of elements at *elements */
	void **elements;

	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	wait_queue_head_t wait;
} mempool_t;

extern mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data);
extern mempool_t *mempool_create_node(int min_nr, mempool_alloc_t *alloc_fn,
			mempool_free_t *free_fn, void *pool_data,
			gfp_t gfp_mask, int nid);

extern int mempool_resize(mempool_t *pool, int new_min_nr);
extern void mempool_destroy(mempool_t *pool);
extern void * mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
extern void mempool_free(void *element, mempool_t *pool);

void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data);
void mempool_free_slab(void *element, void *pool_data);
static inline mempool_t *
mempool_create_slab_pool(int min_nr, struct kmem_cache *kc)
{
	return mempool_create(min_nr, mempool_alloc_slab, mempool_free_slab,
			      (void *) kc);
}

void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data);
void mempool_kfree(void *element, void *pool_data);
static inline mempool_t *mempool_create_kmalloc_pool(int min_nr, size_t size)
{
	return mempool_create(min_nr, mempool_kmalloc, mempool_kfree,
			      (void *) size);
}

void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);
void mempool_free_pages(void *element, void *pool_data);
static inline mempool_t *mempool_create_page_pool(int min_nr, int order)
{
	return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages,
			      (void *)(long)order);
}

/*
 * Not in the kernel's header: the checker's pools with alloc_fn/free_fn that may sleep, as L60-62
 * allows (alloc_fn when its mask may wait, free_fn always), and mempool_create_node with a caller's
 * mask, on each backend (kind 0 slab, 1 kmalloc, 2 pages), as impl/v4.1/mempool.h.ts makes them.
 */
static inline void *mempool_sleeping_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	might_sleep_if(gfp_mask & __GFP_WAIT);
	return mempool_alloc_slab(gfp_mask, pool_data);
}
static inline void mempool_sleeping_free_slab(void *element, void *pool_data)
{
	might_sleep();
	mempool_free_slab(element, pool_data);
}
static inline void *mempool_sleeping_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	might_sleep_if(gfp_mask & __GFP_WAIT);
	return mempool_kmalloc(gfp_mask, pool_data);
}
static inline void mempool_sleeping_kfree(void *element, void *pool_data)
{
	might_sleep();
	mempool_kfree(element, pool_data);
}
static inline void *mempool_sleeping_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	might_sleep_if(gfp_mask & __GFP_WAIT);
	return mempool_alloc_pages(gfp_mask, pool_data);
}
static inline void mempool_sleeping_free_pages(void *element, void *pool_data)
{
	might_sleep();
	mempool_free_pages(element, pool_data);
}
static inline mempool_t *mempool_checker_create(int min_nr, int kind, void *pool_data, int sleeps, int node, gfp_t gfp_mask)
{
	if (kind == 0 && sleeps) {
		if (node)
			return mempool_create_node(min_nr, mempool_sleeping_alloc_slab, mempool_sleeping_free_slab, pool_data, gfp_mask, NUMA_NO_NODE);
		return mempool_create(min_nr, mempool_sleeping_alloc_slab, mempool_sleeping_free_slab, pool_data);
	}
	if (kind == 0)
		return mempool_create_node(min_nr, mempool_alloc_slab, mempool_free_slab, pool_data, gfp_mask, NUMA_NO_NODE);
	if (kind == 1 && sleeps) {
		if (node)
			return mempool_create_node(min_nr, mempool_sleeping_kmalloc, mempool_sleeping_kfree, pool_data, gfp_mask, NUMA_NO_NODE);
		return mempool_create(min_nr, mempool_sleeping_kmalloc, mempool_sleeping_kfree, pool_data);
	}
	if (kind == 1)
		return mempool_create_node(min_nr, mempool_kmalloc, mempool_kfree, pool_data, gfp_mask, NUMA_NO_NODE);
	if (sleeps) {
		if (node)
			return mempool_create_node(min_nr, mempool_sleeping_alloc_pages, mempool_sleeping_free_pages, pool_data, gfp_mask, NUMA_NO_NODE);
		return mempool_create(min_nr, mempool_sleeping_alloc_pages, mempool_sleeping_free_pages, pool_data);
	}
	return mempool_create_node(min_nr, mempool_alloc_pages, mempool_free_pages, pool_data, gfp_mask, NUMA_NO_NODE);
}

/* include/linux/fault-inject.h without CONFIG_FAULT_INJECTION: an empty attribute. */
struct fault_attr { };

/* include/linux/types.h: the counter the atomic_* calls work on (builtins.ts). */
typedef struct ${ATOMIC_TAG} { int counter; } atomic_t;
`;

export const MEMPOOL_FNS_FILE = 'mm/mempool.c';

/**
 * The seed's commonly used alloc_fn/free_fn pairs (L334-381, at their own line numbers), for a pool
 * file that does not define them itself: one written from scratch still gets the pools of mempool.h.
 */
export const MEMPOOL_FNS = '\n'.repeat(333) + `void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	struct kmem_cache *mem = pool_data;
	return kmem_cache_alloc(mem, gfp_mask);
}
EXPORT_SYMBOL(mempool_alloc_slab);

void mempool_free_slab(void *element, void *pool_data)
{
	struct kmem_cache *mem = pool_data;
	kmem_cache_free(mem, element);
}
EXPORT_SYMBOL(mempool_free_slab);

/*
 * A commonly used alloc and free fn that kmalloc/kfrees the amount of memory
 * specified by pool_data
 */
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	size_t size = (size_t)pool_data;
	return kmalloc(size, gfp_mask);
}
EXPORT_SYMBOL(mempool_kmalloc);

void mempool_kfree(void *element, void *pool_data)
{
	kfree(element);
}
EXPORT_SYMBOL(mempool_kfree);

/*
 * A simple mempool-backed page allocator that allocates pages
 * of the order specified by pool_data.
 */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	int order = (int)(long)pool_data;
	return alloc_pages(gfp_mask, order);
}
EXPORT_SYMBOL(mempool_alloc_pages);

void mempool_free_pages(void *element, void *pool_data)
{
	int order = (int)(long)pool_data;
	__free_pages(element, order);
}
EXPORT_SYMBOL(mempool_free_pages);
`;
