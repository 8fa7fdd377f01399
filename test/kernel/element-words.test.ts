/**
 * Elements have contents: an element is a block of words (kmalloc: size/8, a slab object: its cache's
 * size/8, a page: 512 per page) its owner may use. Its cells are made when first touched; freeing it
 * drops them; touching it after that is a use after free, named by element and word.
 */
import { describe, expect, it } from 'vitest';
import { GFP_KERNEL, alloc_pages, kfree, kmalloc, kmem_cache_alloc, kmem_cache_create, load, store } from '../../kernel/api/index.ts';
import { access, READ } from '../../kernel/rt/footprint.ts';
import type { Gen, Ptr } from '../../kernel/rt/ops.ts';
import { runSequential } from '../../kernel/rt/sequential.ts';
import { kernel } from './helpers.ts';

function value<T>(r: ReturnType<typeof runSequential<T>>): T {
  if (r.kind !== 'returned') throw new Error(`expected a return, got ${r.kind}`);
  return r.value;
}

describe('element words', () => {
  it('each backend gives its element as many words as bytes / 8; a word nobody wrote reads 0', () => {
    const k = kernel();
    const cache = value(runSequential(k, 'c', kmem_cache_create('objs', 192)));
    const slab = value(runSequential(k, 'a', kmem_cache_alloc(cache, GFP_KERNEL)));
    const small = value(runSequential(k, 'b', kmalloc(64, GFP_KERNEL)));
    const page = value(runSequential(k, 'p', alloc_pages(GFP_KERNEL, 0)));
    expect([slab, small, page].map((p) => k.allocators.live.get(p)?.words)).toEqual([24, 8, 512]); // 192/8, 64/8, 4096/8
    function* rw(e: Ptr, last: number): Gen<number[]> {
      const before = yield* load(e + last);
      yield* store(e + last, 7);
      return [before, yield* load(e + last)];
    }
    expect(value(runSequential(k, 'rw', rw(page, 511)))).toEqual([0, 7]);
    expect(k.findings).toEqual([]);
    // One past the last word: no such memory.
    runSequential(k, 'past', load(small + 8));
    expect(k.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^access to unallocated or freed memory/)]);
  });

  it('only touched words get cells, and the free drops exactly them', () => {
    const k = kernel();
    const e = value(runSequential(k, 'a', kmalloc(64, GFP_KERNEL)));
    expect(k.mem.has(e)).toBe(false);
    runSequential(k, 'w', store(e + 3, 1));
    expect([k.mem.has(e), k.mem.has(e + 3)]).toEqual([false, true]);
    expect(k.allocators.elementCells.get(e + 3)?.ptr).toBe(e);
    runSequential(k, 'f', kfree(e));
    expect([k.mem.has(e + 3), k.allocators.elementCells.size]).toEqual([false, 0]);
  });

  it('a read or write after the element went back to its allocator is a use after free, by element and word', () => {
    const k = kernel();
    const e = value(runSequential(k, 'a', kmalloc(64, GFP_KERNEL)));
    runSequential(k, 'w', store(e, 5));
    runSequential(k, 'f', kfree(e));
    runSequential(k, 'r', load(e + 2));
    runSequential(k, 'w2', store(e, 6));
    // e0.1: the first element thread 0 allocated.
    expect(k.findings.map((f) => `${f.property}: ${f.message}`)).toEqual([
      'OWNERSHIP: read of word 2 of e0.1, which was freed to its allocator: use after free',
      'OWNERSHIP: write to word 0 of e0.1, which was freed to its allocator: use after free',
    ]);
  });

  it("every access to an element's word reads the element in the footprint, so its free depends on it", () => {
    const k = kernel();
    const e = value(runSequential(k, 'a', kmalloc(64, GFP_KERNEL)));
    const t = k.spawn('r', load(e + 5));
    k.step(t.id);
    expect(k.footprint).toContain(access(e, READ));
  });

  it('forked kernels keep the cells made so far, and their own from then on', () => {
    const k = kernel();
    const e = value(runSequential(k, 'a', kmalloc(64, GFP_KERNEL)));
    runSequential(k, 'w', store(e + 1, 9));
    const f = k.fork();
    expect(value(runSequential(f, 'r', load(e + 1)))).toBe(9);
    runSequential(f, 'w', store(e + 2, 4));
    expect([f.mem.has(e + 2), k.mem.has(e + 2), k.allocators.elementCells.has(e + 2)]).toEqual([true, false, false]);
  });
});
