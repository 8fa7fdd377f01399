/**
 * mm/mempool.c after v4.1 keeps the seed's logic and changes its idioms: the GFP flags renamed by the
 * v4.4 rework (__GFP_DIRECT_RECLAIM), KASAN hooks in add_element/remove_element, `#include "slab.h"`,
 * wait_queue_entry_t (v4.13), kmalloc_array_node (v4.15), mempool_init_node/mempool_exit (v4.18),
 * VM_BUG_ON(mem->ctor) (v4.3), READ_ONCE in mempool_free's test (v5.x). The front end answers each as
 * a kernel built without CONFIG_KASAN would. The seed rewritten with those idioms (below: edits of the
 * seed, not upstream's text) must explore exactly what the seed explores.
 */
import { describe, expect, it } from 'vitest';
import { applyPatches } from '../../impl/patched/load.ts';
import type { Patch } from '../../impl/patched/edit.ts';
import { compileCImpl } from '../../c/load.ts';
import { CUnsupported } from '../../c/errors.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { __GFP_WAIT, GFP_ATOMIC, GFP_KERNEL, GFP_NOIO } from '../../kernel/rt/gfp.ts';
import { exploreWithOps, firstDifference, type DiffOptions, type Explored } from './differential.ts';
import { parser, program, runAlone, SEED, seedImpl } from './helpers.ts';

/** The idioms that leave every operation as the seed issues it. */
const IDIOMS: readonly Patch[] = [
  { find: '#include <linux/writeback.h>\n', replace: '#include <linux/writeback.h>\n#include <linux/highmem.h>\n#include <linux/kasan.h>\n#include "slab.h"\n' },
  {
    find: 'static void add_element(mempool_t *pool, void *element)\n{\n\tBUG_ON(pool->curr_nr >= pool->min_nr);\n',
    replace: 'static __always_inline void add_element(mempool_t *pool, void *element)\n{\n\tBUG_ON(pool->curr_nr >= pool->min_nr);\n\tkasan_poison_kfree(element, _RET_IP_);\n',
  },
  { find: '\tBUG_ON(pool->curr_nr <= 0);\n\treturn pool->elements', replace: '\tkasan_unpoison_range(pool, sizeof(*pool));\n\tBUG_ON(pool->curr_nr <= 0);\n\treturn pool->elements' },
  { find: '\twait_queue_t wait;\n', replace: '\twait_queue_entry_t wait;\n' },
  { find: '\tmight_sleep_if(gfp_mask & __GFP_WAIT);\n', replace: '\tmight_sleep_if(gfpflags_allow_blocking(gfp_mask));\n' },
  { find: 'kmalloc_node(min_nr * sizeof(void *),\n', replace: 'kmalloc_array_node(min_nr, sizeof(void *),\n' },
  { find: 'struct kmem_cache *mem = pool_data;\n\treturn', replace: 'struct kmem_cache *mem = pool_data;\n\tVM_BUG_ON(mem->ctor);\n\treturn' },
  { find: '\tif (unlikely(pool->curr_nr < pool->min_nr)) {\n', replace: '\tif (unlikely(READ_ONCE(pool->curr_nr) < pool->min_nr)) {\n' },
];

/** v4.18's split of creation into mempool_init_node and of destruction into mempool_exit (its setup order differs from the seed's). */
const INIT_SPLIT: readonly Patch[] = [
  {
    find: 'void mempool_destroy(mempool_t *pool)\n{\n',
    replace:
      'void mempool_exit(mempool_t *pool)\n{\n\twhile (pool->curr_nr) {\n\t\tvoid *element = remove_element(pool);\n\t\tpool->free(element, pool->pool_data);\n\t}\n\tkfree(pool->elements);\n\tpool->elements = NULL;\n}\n\nvoid mempool_destroy(mempool_t *pool)\n{\n\tif (unlikely(!pool))\n\t\treturn;\n\tmempool_exit(pool);\n\tkfree(pool);\n\treturn;\n',
  },
];

const later = (text: string): string => applyPatches(text, IDIOMS, 'later-idioms').replaceAll('__GFP_WAIT', '__GFP_DIRECT_RECLAIM');
const laterImpl = later(SEED);

/** What may differ in the operations, written alike on both sides: the array allocation's entry point, and READ_ONCE's mark. */
const normalized = (e: Explored): Explored => ({
  ...e,
  runs: e.runs.map((r) => r.replaceAll('"kmalloc_array_node"', '"kmalloc_node"').replace(/"order":"once"/g, '"order":"plain"')),
});

const scenario = (name: string): Scenario => {
  const s = SCENARIOS.get(name);
  if (s === undefined) throw new Error(name);
  return s;
};

describe('mempool.c with the idioms of later kernels (v4.4 to v5.10)', () => {
  const seed = seedImpl();
  const rewritten = compileCImpl(parser, laterImpl, 'mm/mempool.c', { profile: 'v4.1' });

  it('every idiom is used: none of them is left out of the rewrite', () => {
    for (const needle of ['__GFP_DIRECT_RECLAIM', 'kasan_poison_kfree', 'wait_queue_entry_t', 'kmalloc_array_node', 'mem->ctor', 'READ_ONCE', '#include "slab.h"', 'gfpflags_allow_blocking']) {
      expect(laterImpl).toContain(needle);
    }
    expect(laterImpl).not.toContain('__GFP_WAIT');
  });

  for (const [name, memory] of [['pair2', 'sc'], ['trio3', 'sc'], ['grow2', 'sc'], ['zero-min', 'sc'], ['resize3', 'sc'], ['handoff3', 'weak'], ['trio3', 'weak']] as const) {
    it(`${name}, ${memory}: the same operations as the seed for the same choices`, () => {
      const o: DiffOptions = { strategy: 'dpor', memory, maxExecutions: 300, maxSteps: 300 };
      const a = normalized(exploreWithOps(scenario(name), seed, o));
      const b = normalized(exploreWithOps(scenario(name), rewritten, o));
      expect(a.runs.length).toBeGreaterThan(0);
      expect(firstDifference(a, b)).toBeNull();
    });
  }

  it('the comparison sees a difference: the rewrite without the wake-up of mempool_free', () => {
    const broken = compileCImpl(parser, laterImpl.replace('\t\t\twake_up(&pool->wait);\n', '\n'), 'mm/mempool.c', { profile: 'v4.1' });
    const o: DiffOptions = { strategy: 'dfs', memory: 'sc', maxExecutions: 5 };
    expect(firstDifference(normalized(exploreWithOps(scenario('pair2'), seed, o)), normalized(exploreWithOps(scenario('pair2'), broken, o)))).toMatch(/wake_up/);
  });

  it('v4.18 creation and destruction (mempool_init_node, mempool_exit): the seed verdicts and execution counts', () => {
    const split = compileCImpl(parser, applyPatches(laterImpl, INIT_SPLIT, 'init-split'), 'mm/mempool.c', { profile: 'v4.1' });
    for (const name of ['trio3', 'zero-min', 'grow2']) {
      const o: DiffOptions = { strategy: 'dpor', memory: 'sc', maxExecutions: 20_000 };
      const a = exploreWithOps(scenario(name), seed, o);
      const b = exploreWithOps(scenario(name), split, o);
      expect([name, b.verdict, b.executions, b.failed, b.complete]).toEqual([name, a.verdict, a.executions, a.failed, a.complete]);
    }
  });

  it('the sequential check passes against the v4.1 profile, as on the port', () => {
    const r = runSequentialCheck({ impl: rewritten, runs: 300, profile: 'v4.1' });
    expect([r.verdict, r.sequences]).toEqual(['pass', 300]);
  });
});

describe('the later kernels idioms one by one', () => {
  const C = `
#include <linux/slab.h>
#include <linux/kasan.h>
#include "slab.h"

unsigned int direct(void) { return __GFP_DIRECT_RECLAIM; }
unsigned int kswapd(void) { return __GFP_KSWAPD_RECLAIM; }
unsigned int reclaim(void) { return __GFP_RECLAIM; }
int blocking(unsigned int gfp) { return gfpflags_allow_blocking(gfp); }
int hooks(void *p)
{
	kasan_poison_kfree(p, _RET_IP_);
	kasan_poison_kfree(p);
	kasan_free_pages(p, 0);
	return kasan_mempool_poison_object(p) * 10 + kasan_enabled();
}
void *array(void) { return kmalloc_array_node(3, sizeof(void *), GFP_KERNEL, NUMA_NO_NODE); }
`;
  const prog = program(C);

  it('the v4.4 GFP names are v4.1 bits: DIRECT_RECLAIM is WAIT, the simulated kernel has no kswapd', () => {
    expect(runAlone(prog, 'direct').result).toBe(__GFP_WAIT);
    expect(runAlone(prog, 'kswapd').result).toBe(0);
    expect(runAlone(prog, 'reclaim').result).toBe(__GFP_WAIT);
    expect([GFP_KERNEL, GFP_NOIO, GFP_ATOMIC].map((g) => runAlone(prog, 'blocking', [g]).result)).toEqual([1, 1, 0]);
  });

  it('KASAN hooks of a kernel without CONFIG_KASAN: any arguments, no operation, the stubs values', () => {
    const r = runAlone(prog, 'hooks', [4096]);
    expect(r.ops).toEqual([]);
    expect(r.result).toBe(10);
  });

  it('kmalloc_array_node allocates count * size bytes as a pool allocation', () => {
    const r = runAlone(prog, 'array');
    expect(r.ops).toHaveLength(1);
    expect(r.ops[0]).toMatchObject({ kind: 'alloc', req: { api: 'kmalloc_array_node', size: 24, words: 3, gfp: GFP_KERNEL } });
  });

  it('a quoted include other than "slab.h" is still refused, with its line', () => {
    expect(() => program('#include "internal.h"\n')).toThrow(CUnsupported);
    expect(() => program('\n#include "internal.h"\n')).toThrow(/test\.c:2:1: .*#include "internal\.h"/);
  });

  it('a member of struct kmem_cache other than ctor is still refused', () => {
    expect(() => program('#include <linux/slab.h>\nint f(struct kmem_cache *c) { return c->size != 0; }\n')).toThrow(/opaque kernel object/);
  });
});
