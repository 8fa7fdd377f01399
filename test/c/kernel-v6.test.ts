/**
 * mm/mempool.c of Linux v6.x: the calls it took up after v5.10 (allocation profiling's `_noprof`
 * entry points, might_alloc, max, kmem_cache_size and __ksize in KASAN arguments, kvmalloc) and
 * v6.17's zero-minimum fix with its wq_has_sleeper wake-ups. The texts below are edits of the seed,
 * not upstream's text:
 * - the seed with the v6.x idioms explores exactly what the seed explores;
 * - the seed with v6.17's fix issues, for the same choices, the operations the port's variant
 *   `v4.1+zero-min-fix` issues (impl/variants/zero-min-fix.ts), and passes zero-min where the seed fails.
 */
import { describe, expect, it } from 'vitest';
import { applyPatches } from '../../impl/patched/load.ts';
import type { Patch } from '../../impl/patched/edit.ts';
import { compileCImpl } from '../../c/load.ts';
import { implNamed } from '../../impl/registry.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { GFP_ATOMIC, GFP_KERNEL } from '../../kernel/rt/gfp.ts';
import { compareOps, exploreWithOps, firstDifference, type DiffOptions } from './differential.ts';
import { parser, program, runAlone, SEED, seedImpl } from './helpers.ts';

/** v6.10 and later: the entry points defined as `_noprof` functions (mempool.h makes the plain names), and the other calls of the era. */
const V6_IDIOMS: readonly Patch[] = [
  // mempool_create is mempool.h's since v6.10 (its GFP_KERNEL and NUMA_NO_NODE are the header's).
  { find: 'mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,\n\tmempool_free_t *free_fn, void *pool_data)\n{\n\treturn mempool_create_node(min_nr,alloc_fn,free_fn, pool_data,\n\t\tGFP_KERNEL, NUMA_NO_NODE);\n}\nEXPORT_SYMBOL(mempool_create);\n', replace: '' },
  { find: 'mempool_t *mempool_create_node(int min_nr,', replace: 'mempool_t *mempool_create_node_noprof(int min_nr,' },
  { find: 'EXPORT_SYMBOL(mempool_create_node);', replace: 'EXPORT_SYMBOL(mempool_create_node_noprof);' },
  { find: 'void * mempool_alloc(mempool_t *pool, gfp_t gfp_mask)', replace: 'void *mempool_alloc_noprof(mempool_t *pool, gfp_t gfp_mask)' },
  { find: 'EXPORT_SYMBOL(mempool_alloc);', replace: 'EXPORT_SYMBOL(mempool_alloc_noprof);' },
  { find: '\tmight_sleep_if(gfp_mask & __GFP_WAIT);\n', replace: '\tmight_alloc(gfp_mask);\n' },
  // max() of two values a caller could not tell from the seed's: one read of each argument.
  { find: 'kmalloc_node(min_nr * sizeof(void *),', replace: 'kmalloc_node_noprof(max(min_nr, 0) * sizeof(void *),' },
  { find: '\twhile (pool->curr_nr < pool->min_nr) {\n\t\tvoid *element;\n', replace: '\twhile (pool->curr_nr < max(0, pool->min_nr)) {\n\t\tvoid *element;\n' },
  { find: 'return kmem_cache_alloc(mem, gfp_mask);', replace: 'return kmem_cache_alloc_noprof(mem, gfp_mask);' },
  { find: 'return kmalloc(size, gfp_mask);', replace: 'return kmalloc_noprof(size, gfp_mask);' },
  { find: 'return alloc_pages(gfp_mask, order);', replace: 'return alloc_pages_noprof(gfp_mask, order);' },
  // KASAN's arguments: kmem_cache_size of a slab pool's cache (v6.8), __ksize (v5.11 to v6.7).
  {
    find: '\tBUG_ON(pool->curr_nr <= 0);\n\treturn pool->elements',
    replace: '\tif (pool->alloc == mempool_alloc_slab)\n\t\tkasan_mempool_unpoison_object(pool, kmem_cache_size(pool->pool_data));\n\tkasan_unpoison_range(pool, __ksize(pool));\n\tBUG_ON(pool->curr_nr <= 0);\n\treturn pool->elements',
  },
];

/** v6.17's zero-minimum fix (impl/variants/zero-min-fix.ts says what each part does), on the seed. */
const V617_FIX: readonly Patch[] = [
  { find: '\tBUG_ON(pool->curr_nr >= pool->min_nr);\n', replace: '\tBUG_ON(pool->min_nr != 0 && pool->curr_nr >= pool->min_nr);\n' },
  { find: 'kmalloc_node(min_nr * sizeof(void *),', replace: 'kmalloc_node(max(1, min_nr) * sizeof(void *),' },
  { find: '\twhile (pool->curr_nr < pool->min_nr) {\n\t\tvoid *element;\n', replace: '\twhile (pool->curr_nr < max(1, pool->min_nr)) {\n\t\tvoid *element;\n' },
  { find: '\t\t\twake_up(&pool->wait);\n', replace: '\t\t\tif (wq_has_sleeper(&pool->wait)) wake_up(&pool->wait);\n' },
  {
    find: '\tpool->free(element, pool->pool_data);\n}\nEXPORT_SYMBOL(mempool_free);\n',
    replace:
      '\tif (unlikely(pool->min_nr == 0 && READ_ONCE(pool->curr_nr) == 0)) {\n\t\tspin_lock_irqsave(&pool->lock, flags);\n\t\tif (likely(pool->curr_nr == 0)) {\n\t\t\tadd_element(pool, element);\n\t\t\tspin_unlock_irqrestore(&pool->lock, flags);\n\t\t\tif (wq_has_sleeper(&pool->wait))\n\t\t\t\twake_up(&pool->wait);\n\t\t\treturn;\n\t\t}\n\t\tspin_unlock_irqrestore(&pool->lock, flags);\n\t}\n\tpool->free(element, pool->pool_data);\n}\nEXPORT_SYMBOL(mempool_free);\n',
  },
];

const scenario = (name: string): Scenario => {
  const s = SCENARIOS.get(name);
  if (s === undefined) throw new Error(name);
  return s;
};

describe('mempool.c with the idioms of v6.x', () => {
  const v6 = applyPatches(SEED, V6_IDIOMS, 'v6-idioms');
  const seed = seedImpl();
  const rewritten = compileCImpl(parser, v6, 'mm/mempool.c', { profile: 'v4.1' });

  it('defines only the _noprof entry points: mempool.h gives the plain names', () => {
    for (const gone of ['mempool_t *mempool_create(', 'mempool_create_node(int', 'void * mempool_alloc(']) expect(v6).not.toContain(gone);
    for (const used of ['might_alloc', 'max(0, pool->min_nr)', 'kmem_cache_size', '__ksize', 'kmalloc_node_noprof']) expect(v6).toContain(used);
  });

  for (const [name, memory] of [['pair2', 'sc'], ['trio3', 'sc'], ['zero-min', 'sc'], ['resize3', 'sc'], ['gfp-mix', 'sc'], ['handoff3', 'weak']] as const) {
    it(`${name}, ${memory}: the same operations as the seed for the same choices`, () => {
      const { runs, difference } = compareOps(scenario(name), seed, rewritten, { strategy: 'dpor', memory, maxExecutions: 300, maxSteps: 300 });
      expect(runs).toBeGreaterThan(0);
      expect(difference).toBeNull();
    });
  }
});

describe("v6.17's zero-minimum fix in C against the port's variant", () => {
  const fixed = compileCImpl(parser, applyPatches(SEED, V617_FIX, 'v6.17-fix'), 'mm/mempool.c', { profile: 'v6.17' });
  const variant = implNamed('v4.1+zero-min-fix');

  for (const [name, memory] of [['zero-min', 'sc'], ['zero-min', 'weak'], ['pair2', 'sc'], ['trio3', 'sc'], ['handoff3', 'sc'], ['resize-wake', 'sc']] as const) {
    it(`${name}, ${memory}: the same operations for the same choices`, () => {
      const { runs, difference } = compareOps(scenario(name), variant, fixed, { strategy: 'dpor', memory, maxExecutions: 400, maxSteps: 300 });
      expect(runs).toBeGreaterThan(0);
      expect(difference).toBeNull();
    });
  }

  it('zero-min: the fix passes every execution where the seed loses the wake-up', () => {
    const o: DiffOptions = { strategy: 'dpor', memory: 'sc', maxExecutions: 10_000 };
    const seedRun = exploreWithOps(scenario('zero-min'), compileCImpl(parser, SEED, 'mm/mempool.c', { profile: 'v6.17' }), o);
    const fixRun = exploreWithOps(scenario('zero-min'), fixed, o);
    expect(seedRun.failed).toEqual(expect.arrayContaining(['NO-LOST-WAKEUP']));
    expect([fixRun.verdict, fixRun.complete, fixRun.failed]).toEqual(['pass', true, []]);
  });

  it('the comparison sees a difference: the fix with a plain wake_up (no wq_has_sleeper)', () => {
    const plain = compileCImpl(parser, applyPatches(SEED, V617_FIX, 'v6.17-fix').replaceAll('if (wq_has_sleeper(&pool->wait)) wake_up', 'wake_up'), 'mm/mempool.c', { profile: 'v6.17' });
    const o: DiffOptions = { strategy: 'dfs', memory: 'sc', maxExecutions: 5 };
    expect(firstDifference(exploreWithOps(scenario('pair2'), variant, o), exploreWithOps(scenario('pair2'), plain, o))).toMatch(/wq_active|fence/);
  });
});

describe('the pool struct, zeroed', () => {
  // v6.x allocates it with kmalloc_node and __GFP_ZERO where the seed calls kzalloc_node (L77): the same
  // call. mempool_init_node sets no curr_nr of its own, so without the flag the count would be garbage.
  const zeroed = applyPatches(SEED, [{ find: 'pool = kzalloc_node(sizeof(*pool), gfp_mask, node_id);', replace: 'pool = kmalloc_node(sizeof(*pool), gfp_mask | __GFP_ZERO, node_id);' }], 'zeroed');
  const unzeroed = zeroed.replace('gfp_mask | __GFP_ZERO, node_id);', 'gfp_mask, node_id);');

  it('kmalloc_node with __GFP_ZERO passes the sequential check as kzalloc_node does; without the flag it fails at creation', () => {
    expect(runSequentialCheck({ impl: compileCImpl(parser, zeroed, 'mm/mempool.c', { profile: 'v4.1' }), runs: 200 }).verdict).toBe('pass');
    const r = runSequentialCheck({ impl: compileCImpl(parser, unzeroed, 'mm/mempool.c', { profile: 'v4.1' }), runs: 200 });
    expect(r.verdict).toBe('fail');
    expect(r.failure?.disagreement.reason).toMatch(/the pool struct, zeroed/);
  });
});

describe('the v6.x calls one by one', () => {
  const C = `
#include <linux/slab.h>
#include <linux/kasan.h>
#include <linux/wait.h>

int big(int a, int b) { return max(a, b); }
int small(int a, int b) { return min(a, b); }
unsigned int mixed(int a, unsigned int b) { return max(a, b); }
int once(int *p) { return max(*p, 1); }
unsigned int csize(struct kmem_cache *c) { return kmem_cache_size(c); }
static wait_queue_head_t *head(void) { wait_queue_head_t *h = kmalloc(sizeof(*h), GFP_KERNEL); init_waitqueue_head(h); return h; }
int sleeper(void) { return wq_has_sleeper(head()); }
int active(void) { return waitqueue_active(head()); }
void alloc_check(gfp_t gfp) { might_alloc(gfp); }
void kv(void) { void *p = kvmalloc(16, GFP_KERNEL); kvfree(p); }
int hooks(void *p) { kasan_unpoison_range(p, __ksize(p)); return 0; }
void waits(void) { wait_queue_head_t *h = head(); DEFINE_WAIT(wait); prepare_to_wait(h, &wait, TASK_UNINTERRUPTIBLE); finish_wait(h, &wait); }
`;
  const prog = program(C);

  it('max and min: C values in the arguments common type', () => {
    expect([runAlone(prog, 'big', [3, -4]).result, runAlone(prog, 'big', [-4, 3]).result]).toEqual([3, 3]);
    expect([runAlone(prog, 'small', [3, -4]).result, runAlone(prog, 'small', [-4, 3]).result]).toEqual([-4, -4]);
    // -1 converted to unsigned int is the larger: the kernel's max refuses such a pair at compile time, C's ?: gives this.
    expect(runAlone(prog, 'mixed', [-1, 1]).result).toBe(0xffffffff);
  });

  it('max reads each argument once', () => {
    const cell = runAlone(program(`${C}\nint *cell(void) { return kmalloc(8, GFP_KERNEL); }\n`), 'cell').result as number;
    const r = runAlone(prog, 'once', [cell]);
    expect(r.ops.filter((o) => o.kind === 'load')).toHaveLength(1);
    expect(r.result).toBe(1);
  });

  it("kmem_cache_size is the cache's object size, with no operation", () => {
    const r = runAlone(prog, 'csize', [{ name: 'c', size: 48, id: 1 }]);
    expect([r.result, r.ops]).toEqual([48, []]);
  });

  it('wq_has_sleeper is a full barrier, then a look at the queue; waitqueue_active the look alone', () => {
    const s = runAlone(prog, 'sleeper');
    expect(s.ops.map((o) => o.kind)).toEqual(['alloc', 'wq_init', 'fence', 'wq_active']);
    expect(s.ops[2]).toMatchObject({ fence: 'mb' });
    expect(s.result).toBe(0);
    expect(runAlone(prog, 'active').ops.map((o) => o.kind)).toEqual(['alloc', 'wq_init', 'wq_active']);
  });

  it('DEFINE_WAIT declares the on-stack entry and initialises it', () => {
    expect(runAlone(prog, 'waits').ops.map((o) => o.kind)).toEqual(['alloc', 'wq_init', 'wait_init', 'prepare_to_wait', 'finish_wait']);
  });

  it('might_alloc is might_sleep_if(gfpflags_allow_blocking(gfp))', () => {
    expect(runAlone(prog, 'alloc_check', [GFP_KERNEL]).ops.map((o) => o.kind)).toEqual(['might_sleep']);
    expect(runAlone(prog, 'alloc_check', [GFP_ATOMIC]).ops).toEqual([]);
  });

  it('kvmalloc and kvfree are kmalloc and kfree', () => {
    const ops = runAlone(prog, 'kv').ops;
    expect(ops.map((o) => (o.kind === 'alloc' ? o.req.api : o.kind === 'free' ? o.api : o.kind))).toEqual(['kmalloc', 'kfree']);
  });

  it('__ksize only as a KASAN argument: there its argument is evaluated, elsewhere it is refused', () => {
    expect(runAlone(prog, 'hooks', [4096]).ops).toEqual([]);
    expect(() => program('#include <linux/slab.h>\nsize_t f(void *p) { return __ksize(p); }\n')).toThrow(/__ksize outside the arguments of a KASAN hook/);
  });
});

describe("linux-next's idioms (v6.19)", () => {
  const C = `
#include <linux/fault-inject.h>
#include <linux/mempool.h>

static DECLARE_FAULT_ATTR(fail_alloc);
static int __init inject_init(void)
{
	return PTR_ERR_OR_ZERO(fault_create_debugfs_attr("fail_alloc", NULL, &fail_alloc));
}
late_initcall(inject_init);

int injected(void) { return should_fail_ex(&fail_alloc, 1, FAULT_NOWARN) * 10 + inject_init(); }
int minimum(struct mempool *pool) { mempool_t *same = pool; return same->min_nr; }
static unsigned int take(void **elems, unsigned int count) { elems[0] = (void *)8; return count; }
long one(void) { void *element = NULL; take(&element, 1); return (long)element; }
static void past(void **elems) { elems[1] = NULL; }
void beyond(void) { void *element = NULL; past(&element); }
`;
  const prog = program(C);

  it('fault injection as a kernel without CONFIG_FAULT_INJECTION: nothing injected, no operation; initcalls are no part of the pool', () => {
    expect(runAlone(prog, 'injected')).toMatchObject({ ops: [], result: 0 });
  });

  it('struct mempool is mempool_t', () => {
    expect(() => program(`${C}\nint bad(struct mempool *p) { return p->no_such; }\n`)).toThrow(/no_such/);
  });

  it("a local passed as a one-element array (mempool_free's &element): [0] reaches it, [1] is refused", () => {
    expect(runAlone(prog, 'one')).toMatchObject({ ops: [], result: 8 });
    expect(() => runAlone(prog, 'beyond')).toThrow(/pointer arithmetic on the address of a local/);
  });
});

