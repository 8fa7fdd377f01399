/**
 * Every seeded bug of impl/mutants/ as a patch of the seed's C (docs/seed/mempool.c): the same edit,
 * made to the C instead of to the port. Patches keep the seed's line numbers (a removed line leaves a
 * comment or an empty line), so reports of a C mutant name the lines the port's mutant names.
 * Each `find` must occur exactly once in the seed.
 */
import type { Patch } from '../../impl/patched/edit.ts';

export interface CMutant {
  /** The name of the port mutant it re-creates (impl/mutants/registry.ts). */
  readonly name: string;
  readonly patches: readonly Patch[];
}

const WAKE_UP = '\t\t\twake_up(&pool->wait);\n';
const WMB = '\t\tsmp_wmb();\n';
const RMB = '\tsmp_rmb();\n';

const ALL: readonly CMutant[] = [
  { name: 'free-no-wake', patches: [{ find: WAKE_UP, replace: '\t\t\t/* wake_up(&pool->wait) removed by the mutant */\n' }] },
  {
    name: 'alloc-reserve-first',
    patches: [
      {
        find: '\telement = pool->alloc(gfp_temp, pool->pool_data);\n',
        replace:
          '\tspin_lock_irqsave(&pool->lock, flags); if (pool->curr_nr) { element = remove_element(pool); spin_unlock_irqrestore(&pool->lock, flags); return element; } spin_unlock_irqrestore(&pool->lock, flags); element = pool->alloc(gfp_temp, pool->pool_data);\n',
      },
    ],
  },
  { name: 'first-pass-wait', patches: [{ find: '\tgfp_temp = gfp_mask & ~(__GFP_WAIT|__GFP_IO);\n', replace: '\tgfp_temp = gfp_mask & ~__GFP_IO;\n' }] },
  {
    name: 'no-immediate-retry',
    patches: [
      {
        find: '\tif (gfp_temp != gfp_mask) {\n\t\tspin_unlock_irqrestore(&pool->lock, flags);\n\t\tgfp_temp = gfp_mask;\n\t\tgoto repeat_alloc;\n\t}\n',
        replace: '\n\n\tgfp_temp = gfp_mask; /* pre-v3.3: the full mask only after sleeping */\n\n\n',
      },
    ],
  },
  { name: 'destroy-leaks-reserve', patches: [{ find: '\twhile (pool->curr_nr) {\n', replace: '\twhile (0 && pool->curr_nr) {\n' }] },
  { name: 'create-leaks-prefill', patches: [{ find: '\t\t\tmempool_destroy(pool);\n', replace: '\t\t\tkfree(pool->elements); kfree(pool);\n' }] },
  {
    name: 'grow-no-copy',
    patches: [{ find: '\tmemcpy(new_elements, pool->elements,\n\t\tpool->curr_nr * sizeof(*new_elements));\n', replace: '\t/* memcpy(new_elements, pool->elements, ...) dropped by the mutant */\n\n' }],
  },
  { name: 'alloc-no-wmb', patches: [{ find: WMB, replace: '\t\t/* smp_wmb() removed by the mutant */\n' }] },
  { name: 'free-no-rmb', patches: [{ find: RMB, replace: '\t/* smp_rmb() removed by the mutant */\n' }] },
  {
    name: 'no-barriers',
    patches: [
      { find: WMB, replace: '\t\t/* smp_wmb() removed by the mutant */\n' },
      { find: RMB, replace: '\t/* smp_rmb() removed by the mutant */\n' },
    ],
  },
  { name: 'free-no-recheck', patches: [{ find: '\t\tif (likely(pool->curr_nr < pool->min_nr)) {\n', replace: '\t\tif (likely(1)) {\n' }] },
  { name: 'grow-no-raced-check', patches: [{ find: '\tif (unlikely(new_min_nr <= pool->min_nr)) {\n', replace: '\tif (unlikely(0)) {\n' }] },
  {
    name: 'prepare-after-unlock',
    patches: [
      {
        find: '\tprepare_to_wait(&pool->wait, &wait, TASK_UNINTERRUPTIBLE);\n\n\tspin_unlock_irqrestore(&pool->lock, flags);\n',
        replace: '\tspin_unlock_irqrestore(&pool->lock, flags);\n\n\tprepare_to_wait(&pool->wait, &wait, TASK_UNINTERRUPTIBLE);\n',
      },
    ],
  },
  {
    name: 'alloc-pop-unlocked',
    patches: [
      {
        find: '\tspin_lock_irqsave(&pool->lock, flags);\n\tif (likely(pool->curr_nr)) {\n\t\telement = remove_element(pool);\n\t\tspin_unlock_irqrestore(&pool->lock, flags);\n',
        replace: '\t/* the lock is taken only below, after the pop path (mutant) */\n\tif (likely(pool->curr_nr)) {\n\t\telement = remove_element(pool);\n\t\t/* nothing to unlock */\n',
      },
      { find: '\tif (gfp_temp != gfp_mask) {\n', replace: '\tspin_lock_irqsave(&pool->lock, flags); if (gfp_temp != gfp_mask) {\n' },
    ],
  },
  { name: 'wait-returns-null', patches: [{ find: '\tif (!(gfp_mask & __GFP_WAIT)) {\n', replace: '\tif (1) {\n' }] },
  {
    name: 'sleep-under-lock',
    patches: [
      { find: '\tspin_unlock_irqrestore(&pool->lock, flags);\n\n\t/*\n\t * FIXME', replace: '\t/* the unlock moved after the sleep (mutant) */\n\n\t/*\n\t * FIXME' },
      { find: '\tio_schedule_timeout(5*HZ);\n', replace: '\tio_schedule_timeout(5*HZ); spin_unlock_irqrestore(&pool->lock, flags);\n' },
    ],
  },
  { name: 'free-refills-only-empty', patches: [{ find: '\tif (unlikely(pool->curr_nr < pool->min_nr)) {\n', replace: '\tif (unlikely(pool->curr_nr == 0)) {\n' }] },
  { name: 'no-zero-warn', patches: [{ find: '\tVM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO);\n', replace: '\t/* VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO) removed by the mutant */\n' }] },
  { name: 'no-spin-lock-init', patches: [{ find: '\tspin_lock_init(&pool->lock);\n', replace: '\t/* spin_lock_init(&pool->lock) deleted by the mutant */\n' }] },
  { name: 'no-init-waitqueue-head', patches: [{ find: '\tinit_waitqueue_head(&pool->wait);\n', replace: '\t/* init_waitqueue_head(&pool->wait) deleted by the mutant */\n' }] },
  {
    // The port's twin moves `wait` one word past its 5-word struct; in C the same layout bug is a pool
    // allocated one word short, so that `wait` (its last member) lies past the end of the block.
    name: 'wait-head-outside-pool',
    patches: [{ find: '\tpool = kzalloc_node(sizeof(*pool), gfp_mask, node_id);\n', replace: '\tpool = kzalloc_node(sizeof(*pool) - sizeof(void *), gfp_mask, node_id);\n' }],
  },
  { name: 'no-finish-wait', patches: [{ find: '\tfinish_wait(&pool->wait, &wait);\n', replace: '\t/* finish_wait(&pool->wait, &wait) deleted by the mutant */\n' }] },
  { name: 'busy-poll', patches: [{ find: '\tio_schedule_timeout(5*HZ);\n', replace: '\tio_schedule_timeout(0);\n' }] },
  { name: 'free-fn-unset', patches: [{ find: '\tpool->free = free_fn;\n', replace: '\t/* pool->free = free_fn deleted by the mutant */\n' }] },
  {
    name: 'shrink-free-under-lock',
    patches: [
      {
        find: '\t\t\tspin_unlock_irqrestore(&pool->lock, flags);\n\t\t\tpool->free(element, pool->pool_data);\n\t\t\tspin_lock_irqsave(&pool->lock, flags);\n',
        replace: '\t\t\tpool->free(element, pool->pool_data); /* before the unlock (mutant) */\n\t\t\tspin_unlock_irqrestore(&pool->lock, flags);\n\t\t\tspin_lock_irqsave(&pool->lock, flags);\n',
      },
    ],
  },
  // L151-152 deleted: a grow whose new array could not be allocated copies the reserve through NULL.
  { name: 'grow-no-null-check', patches: [{ find: '\tif (!new_elements)\n\t\treturn -ENOMEM;\n', replace: '\t/* L151: the NULL check removed by the mutant */\n\n' }] },
  {
    name: 'create-node-kernel-mask',
    patches: [{ find: '\t\telement = pool->alloc(gfp_mask, pool->pool_data);\n', replace: '\t\telement = pool->alloc(GFP_KERNEL, pool->pool_data); /* not the caller\'s gfp_mask (mutant) */\n' }],
  },
  {
    name: 'destroy-endless',
    patches: [{ find: '\t\tvoid *element = remove_element(pool);\n\t\tpool->free(element, pool->pool_data);\n', replace: '\t\tcontinue; /* the mutant takes nothing out: curr_nr never changes */\n\n' }],
  },
];

export const C_MUTANTS: ReadonlyMap<string, CMutant> = new Map(ALL.map((m) => [m.name, m]));
