/**
 * The address of a local (`&x`: an out-parameter, linux-next's `mempool_adjust_gfp(&gfp_mask)`) is a
 * local reference (c/cfg.ts LOCAL_BASE): loads and stores through it read and write the frame's local
 * with no kernel operation, since locals are the thread's own. It may not reach simulated memory or a
 * kernel call, and may not outlive its function: each is refused or a fault, never a wrong run.
 */
import { describe, expect, it } from 'vitest';
import { CUnsupported } from '../../c/errors.ts';
import { __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN } from '../../kernel/rt/gfp.ts';
import { compileCImpl } from '../../c/load.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import { fineStateGraph, seedDifference } from './seed-equivalence.ts';
import { parser, program, runAlone, SEED, seedImpl } from './helpers.ts';

const C = `
#include <linux/slab.h>
#include <linux/gfp.h>

static void bump(int *p) { (*p)++; }
static inline gfp_t adjust(gfp_t *gfp_mask)
{
	*gfp_mask |= __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
	return *gfp_mask & ~(__GFP_WAIT | __GFP_IO);
}
static void set_ptr(long **out, long *to) { *out = to; }
static int *dangling(void) { int x = 1; return &x; }
static void leak_into(int **pp) { int y = 2; *pp = &y; }

int count(void) { int x = 1; bump(&x); bump(&x); return x; }
unsigned int masks(unsigned int gfp) { unsigned int temp = adjust(&gfp); return gfp * 2 + (temp != gfp); }
int same(void) { int x; int *a = &x; int *b = &x; return a == b; }
long through(void) { long v = 5; long *p = 0; set_ptr(&p, &v); *p = 9; return v; }
int use_dangling(void) { return *dangling(); }
int use_leaked(void) { int *p = 0; leak_into(&p); return 0; }
void to_memory(long **cell) { long x; *cell = &x; }
void to_kernel(void) { long x; kfree(&x); }
`;

describe('local references', () => {
  const prog = program(C);

  it("an out-parameter is read and written in the caller's frame, with no kernel operation", () => {
    expect(runAlone(prog, 'count')).toMatchObject({ ops: [], result: 3 });
    const r = runAlone(prog, 'masks', [0x10]);
    expect(r.ops).toEqual([]);
    // adjust() set NOMEMALLOC|NORETRY|NOWARN in the caller's mask, and returned it without WAIT|IO.
    const gfp = (0x10 | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN) >>> 0;
    expect(r.result).toBe(gfp * 2 + 1);
    expect(runAlone(prog, 'through').result).toBe(9);
  });

  it('two references to one local are equal', () => {
    expect(runAlone(prog, 'same').result).toBe(1);
  });

  it('a reference that outlives its function is a fault of the implementation', () => {
    expect(() => runAlone(prog, 'use_dangling')).toThrow(/^the address of a local outlives its function \(at test\.c:12 via test\.c:19, in dangling\)$/);
    expect(() => runAlone(prog, 'use_leaked')).toThrow(/^the address of a local outlives its function \(at test\.c:13 via test\.c:20, in leak_into\)$/);
  });

  it('a reference stored in simulated memory or passed to a kernel call is refused', () => {
    const cell = runAlone(program(`${C}\nlong **cell(void) { return kmalloc(8, GFP_KERNEL); }\n`), 'cell').result as number;
    expect(() => runAlone(prog, 'to_memory', [cell])).toThrow(CUnsupported);
    expect(() => runAlone(prog, 'to_memory', [cell])).toThrow(/storing the address of a local in simulated memory/);
    expect(() => runAlone(prog, 'to_kernel')).toThrow(/the address of a local passed to a kernel call/);
  });
});

describe("a pool that passes locals by address (linux-next's mempool_adjust_gfp, an out-parameter)", () => {
  const adjusted = applyPatches(
    SEED,
    [
      {
        find: 'void * mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n',
        replace:
          'static inline gfp_t mempool_adjust_gfp(gfp_t *gfp_mask)\n{\n\t*gfp_mask |= __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;\n\treturn *gfp_mask & ~(__GFP_WAIT | __GFP_IO);\n}\n\nstatic void take_element(mempool_t *pool, void **out)\n{\n\t*out = remove_element(pool);\n}\n\nvoid * mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n',
      },
      // The reference to mempool_alloc's `element` stays live in take_element's frame while
      // remove_element's loads and stores run: states saved there hold it.
      { find: '\tif (likely(pool->curr_nr)) {\n\t\telement = remove_element(pool);\n', replace: '\tif (likely(pool->curr_nr)) {\n\t\ttake_element(pool, &element);\n' },
      {
        find: '\tgfp_mask |= __GFP_NOMEMALLOC; /* don\'t allocate emergency reserves */\n\tgfp_mask |= __GFP_NORETRY; /* don\'t loop in __alloc_pages */\n\tgfp_mask |= __GFP_NOWARN; /* failures are OK */\n',
        replace: '',
      },
      { find: '\tgfp_temp = gfp_mask & ~(__GFP_WAIT|__GFP_IO);\n', replace: '\tgfp_temp = mempool_adjust_gfp(&gfp_mask);\n' },
    ],
    'adjust-gfp',
  );
  const impl = compileCImpl(parser, adjusted, 'mm/mempool.c', { profile: 'v4.1' });

  it('issues the seed operations for the same choices', () => {
    for (const name of ['pair2', 'trio3', 'gfp-mix']) expect(seedDifference(impl, name)).toEqual({ name, ran: true, difference: null });
  });

  it('the stateful search reaches the seed states, restoring saved ones or re-executing (a reference to a caller frame is copied as data)', () => {
    // Every operation a step of its own, so states are saved inside take_element, with the reference live.
    const seed = fineStateGraph(seedImpl(), 'pair2', true);
    expect(seed.complete).toBe(true);
    expect(fineStateGraph(impl, 'pair2', true)).toEqual(seed);
    expect(fineStateGraph(impl, 'pair2', false)).toEqual(seed);
  });
});
