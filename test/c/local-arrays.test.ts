/**
 * Arrays as locals (c/local-arrays.ts): each element a frame slot, so no kernel operation reads or
 * writes one; the name is a local reference that indexing and pointer arithmetic move within the
 * array. Leaving the array, or using the slot past its end, is a fault of the implementation; the
 * array may not reach simulated memory or a kernel call. A pool that hands its element to a helper as
 * a one-element array (linux-next's mempool_free_bulk(pool, &element, 1), here a real array) runs as
 * the seed does.
 */
import { describe, expect, it } from 'vitest';
import { CInvalid, CUnsupported } from '../../c/errors.ts';
import { compileCImpl } from '../../c/load.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import { fineStateGraph, seedDifference } from './seed-equivalence.ts';
import { parser, program, runAlone, SEED, seedImpl } from './helpers.ts';

const C = `
#include <linux/slab.h>
#define N 4

static void fill(long *v, int n) { int i; for (i = 0; i < n; i++) v[i] = (i + 1) * 10; }
static long *past(long *v) { return v + N; }

long initialised(void) { long t[N] = { 1, 2, 3 }; return t[0] * 1000 + t[1] * 100 + t[2] * 10 + t[3]; }
long designated(void) { long t[N] = { [2] = 5, 6 }; return t[0] + t[1] * 10 + t[2] * 100 + t[3] * 1000; }
long filled(void) { long t[N]; long s = 0; long *p; fill(t, N); for (p = t; p < t + N; p++) s += *p; return s; }
long sizes(void) { void *e[3]; long t[N]; return sizeof(e) * 100 + sizeof(t) / sizeof(t[0]); }
long distance(void) { long t[N]; long *a = &t[1]; long *b = past(t); return b - a; }
long again(void) { int k; long sum = 0; for (k = 0; k < 3; k++) { long t[2] = { k }; sum += t[0] + t[1]; t[1] = 100; } return sum; }
long beyond(void) { long t[N]; return t[N]; }
long before(void) { long t[N]; long *p = t; p = p - 1; return 0; }
long through_end(void) { long t[N]; long *end = past(t); return *end; }
long *escapes(void) { long t[N]; return t; }
void to_memory(long **cell) { long t[2]; *cell = t; }
void to_kernel(void) { void *t[2]; kfree(t); }
`;

describe('local arrays', () => {
  const prog = program(C);

  it('start as their initializer says (the rest zero; a designator moves the position), with no kernel operation', () => {
    expect(runAlone(prog, 'initialised')).toMatchObject({ ops: [], result: 1230 });
    expect(runAlone(prog, 'designated').result).toBe(6500);
  });

  it("are filled through their name passed to a function, and walked by a pointer up to the end", () => {
    expect(runAlone(prog, 'filled')).toMatchObject({ ops: [], result: 100 });
  });

  it('sizeof counts their bytes; two pointers into one subtract to a count of elements', () => {
    expect(runAlone(prog, 'sizes').result).toBe(24 * 100 + 4);
    expect(runAlone(prog, 'distance').result).toBe(3);
  });

  it('an initialised array inside a loop starts afresh on each pass', () => {
    expect(runAlone(prog, 'again').result).toBe(0 + 1 + 2);
  });

  it('reading past the end, stepping before the start, or keeping the array after its function is a fault', () => {
    expect(() => runAlone(prog, 'beyond')).toThrow(/^access past the end of a local array \(at test\.c:14, in beyond\)$/);
    expect(() => runAlone(prog, 'before')).toThrow(/^pointer arithmetic out of a local array \(at test\.c:15, in before\)$/);
    expect(() => runAlone(prog, 'through_end')).toThrow(/^access past the end of a local array \(at test\.c:16, in through_end\)$/);
    expect(() => runAlone(prog, 'escapes')).toThrow(/^the address of a local outlives its function/);
  });

  it('stored in simulated memory or passed to a kernel call: refused', () => {
    const cell = runAlone(program(`${C}\nlong **cell(void) { return kmalloc(8, GFP_KERNEL); }\n`), 'cell').result as number;
    expect(() => runAlone(prog, 'to_memory', [cell])).toThrow(CUnsupported);
    expect(() => runAlone(prog, 'to_kernel')).toThrow(/the address of a local passed to a kernel call/);
  });

  it('outside the subset: elements that are not whole words, a size out of range, a scalar in braces, a bad initializer', () => {
    const refusal = (body: string): string => {
      try {
        program(`#include <linux/slab.h>\nstruct s { long a; };\n${body}\n`);
      } catch (e) {
        if (e instanceof CUnsupported || e instanceof CInvalid) return e.message;
        throw e;
      }
      return 'accepted';
    };
    expect(refusal('void f(void) { int t[2]; }')).toBe("test.c:3:20: unsupported C: local array 't' of int (only whole-word elements: pointers, longs)");
    expect(refusal('void f(void) { struct s t[2]; }')).toMatch(/^test\.c:3:\d+: unsupported C: local array 't' of struct s \(only whole-word elements/);
    expect(refusal('void f(void) { long t[2000]; }')).toBe("test.c:3:21: unsupported C: local array 't' of 2000 elements (1 to 1024)");
    expect(refusal('void f(void) { long x = { 1 }; }')).toMatch(/^test\.c:3:\d+: unsupported C: braced initializer of scalar local 'x'$/);
    expect(refusal('void f(void) { long t[2] = { 1, 2, 3 }; }')).toMatch(/^test\.c:3:\d+: initializer of local array 't': element 2 of 2$/);
    expect(refusal('void f(long *p) { long t[2] = p; }')).toMatch(/^test\.c:3:\d+: local array 't' initialised with a single value \(use braces\)$/);
    expect(refusal('void f(long *p) { long t[2]; t = p; }')).toMatch(/^test\.c:3:\d+: unsupported C: assignment to long\[2\]$/);
  });
});

describe('a pool that hands its element to a helper in a local array', () => {
  // mempool_free's element passes through a one-element array, as linux-next's
  // mempool_free_bulk(pool, &element, 1) does; the helper walks it by pointer, up to one past its end.
  const patched = applyPatches(
    SEED,
    [
      {
        find: 'void mempool_free(void *element, mempool_t *pool)\n{\n\tunsigned long flags;\n',
        replace:
          'static void add_elements(mempool_t *pool, void **elems, int count)\n{\n\tvoid **p;\n\n\tfor (p = elems; p < elems + count; p++)\n\t\tadd_element(pool, *p);\n}\n\nvoid mempool_free(void *element, mempool_t *pool)\n{\n\tunsigned long flags;\n\tvoid *elems[1] = { element };\n',
      },
      { find: '\t\t\tadd_element(pool, element);\n\t\t\tspin_unlock', replace: '\t\t\tadd_elements(pool, elems, 1);\n\t\t\tspin_unlock' },
      { find: '\tpool->free(element, pool->pool_data);\n}\nEXPORT_SYMBOL(mempool_free);', replace: '\tpool->free(elems[0], pool->pool_data);\n}\nEXPORT_SYMBOL(mempool_free);' },
    ],
    'local-array',
  );
  const impl = compileCImpl(parser, patched, 'mm/mempool.c', { profile: 'v4.1' });

  it('issues the seed operations for the same choices', () => {
    for (const name of ['pair2', 'trio3', 'grow2']) expect(seedDifference(impl, name)).toEqual({ name, ran: true, difference: null });
  });

  it('the stateful search reaches the seed states, restoring saved ones or re-executing (the array is part of the frame)', () => {
    // Every operation a step of its own, so states are saved inside add_elements, with p pointing into mempool_free's array.
    const seed = fineStateGraph(seedImpl(), 'pair2', true);
    expect(seed.complete).toBe(true);
    expect(fineStateGraph(impl, 'pair2', true)).toEqual(seed);
    expect(fineStateGraph(impl, 'pair2', false)).toEqual(seed);
  });
});
