import { describe, expect, it } from 'vitest';
import type { Gen, Ptr } from '../../kernel/rt/ops.ts';
import { ALWAYS, CHOICE, GFP_AWARE, NEVER, failNth, parseFaultMode } from '../../kernel/rt/faults.ts';
import { ZERO_SIZE_PTR } from '../../kernel/rt/allocator.ts';
import { runSequential } from '../../kernel/rt/sequential.ts';
import {
  GFP_ATOMIC,
  GFP_KERNEL,
  __free_pages,
  alloc_pages,
  kfree,
  kmalloc,
  kmalloc_node,
  kmem_cache_alloc,
  kmem_cache_create,
  kmem_cache_free,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
} from '../../kernel/api/index.ts';
import { kernel } from './helpers.ts';

const value = <T>(r: ReturnType<typeof runSequential<T>>): T => {
  if (r.kind !== 'returned') throw new Error(`expected a return, got ${r.kind}`);
  return r.value;
};

describe('allocators', () => {
  it('fault modes: never, always, fail-nth, gfp-aware, choice (asked of the chooser)', () => {
    const outcomes = (mode: Parameters<typeof parseFaultMode>[0], gfps: number[], picks: number[] = []): boolean[] => {
      const k = kernel({ faults: { element: parseFaultMode(mode), meta: NEVER } });
      const asked: number[] = [];
      k.chooser = { pickValue: (n) => (asked.push(n), picks.shift() ?? 0) };
      const ok = gfps.map((gfp) => value(runSequential(k, 'a', kmalloc(32, gfp))) !== 0);
      if (mode === 'choice') expect(asked).toEqual(gfps.map(() => 2));
      else expect(asked).toEqual([]);
      return ok;
    };
    expect(outcomes('never', [GFP_KERNEL, GFP_ATOMIC])).toEqual([true, true]);
    expect(outcomes('always', [GFP_KERNEL, GFP_ATOMIC])).toEqual([false, false]);
    expect(outcomes('fail-nth:2', [GFP_KERNEL, GFP_KERNEL, GFP_KERNEL])).toEqual([true, false, true]);
    expect(outcomes('gfp', [GFP_KERNEL, GFP_ATOMIC])).toEqual([true, false]);
    expect(outcomes('choice', [GFP_KERNEL, GFP_KERNEL], [1, 0])).toEqual([false, true]);
    expect(() => parseFaultMode('sometimes')).toThrow(/unknown fault mode/);
    expect(() => failNth(0)).toThrow(RangeError);
    expect([ALWAYS.kind, CHOICE.kind, GFP_AWARE.kind]).toEqual(['always', 'choice', 'gfp']);
  });

  it('tracks identities: live set, double free, unknown free, wrong API, wrong cache, wrong order', () => {
    const k = kernel();
    const cache = value(runSequential(k, 'c', kmem_cache_create('c', 64)));
    const other = value(runSequential(k, 'c2', kmem_cache_create('c2', 64)));
    const e = value(runSequential(k, 'a', kmem_cache_alloc(cache, GFP_KERNEL)));
    const p = value(runSequential(k, 'p', alloc_pages(GFP_KERNEL, 1)));
    expect(k.allocators.live.size).toBe(2); // the slab object and the pages
    runSequential(k, 'f', kmem_cache_free(other, e));
    runSequential(k, 'f2', kmem_cache_free(cache, e));
    runSequential(k, 'f3', __free_pages(p, 0));
    runSequential(k, 'f4', kfree(12345));
    expect(k.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/wrong cache/),
      expect.stringMatching(/double free/),
      expect.stringMatching(/order 0, allocated with order 1/),
      expect.stringMatching(/unknown pointer/),
    ]);
    expect(k.allocators.live.size).toBe(0);
  });

  it('kmalloc of 0 bytes is ZERO_SIZE_PTR (not NULL, not tracked) and kfree ignores it', () => {
    const k = kernel({ faults: { element: ALWAYS, meta: ALWAYS } });
    const z = value(runSequential(k, 'z', kmalloc_node(0, GFP_KERNEL, -1)));
    expect(z).toBe(ZERO_SIZE_PTR);
    runSequential(k, 'f', kfree(z));
    expect(k.findings).toEqual([]);
  });

  it('addresses come from the allocating thread: the same allocations in another order get the same addresses', () => {
    const addresses = (order: number[]): Ptr[] => {
      const k = kernel({ faults: { element: failNth(99), meta: NEVER } }); // order-sensitive: allocations are steps
      const threads = [0, 1].map((i) => k.spawn(`T${i}`, kmalloc(8, GFP_KERNEL)));
      for (const i of order) k.step((threads[i] as { id: number }).id);
      return threads.map((t) => t.result as Ptr);
    };
    const first = addresses([0, 1]);
    expect(first[0]).not.toBe(first[1]);
    expect(addresses([1, 0])).toEqual(first);
  });

  it('an allocation with __GFP_WAIT under a spinlock is NO-SLEEP-ATOMIC', () => {
    const k = kernel();
    const lock = k.harnessCell();
    runSequential(k, 'bad', (function* (): Gen<void> {
      const flags = yield* spin_lock_irqsave(lock);
      yield* kmalloc(8, GFP_KERNEL);
      yield* spin_unlock_irqrestore(lock, flags);
    })());
    expect(k.findings.map((f) => f.property)).toEqual(['NO-SLEEP-ATOMIC']);
  });
});

describe('Kernel.fork', () => {
  it('copies memory and allocator state: the fork and the original evolve independently', () => {
    const k = kernel();
    const cell = k.harnessCell(7);
    const e = value(runSequential(k, 'a', kmalloc(8, GFP_KERNEL)));
    const f = k.fork();
    runSequential(f, 'free', kfree(e));
    f.mem.store(0, cell, 9, 'plain');
    expect(k.allocators.live.has(e)).toBe(true);
    expect(f.allocators.live.has(e)).toBe(false);
    expect([k.mem.peek(cell), f.mem.peek(cell)]).toEqual([7, 9]);
    // The arena bump pointers are copied too: the next allocation by the same thread id matches.
    const g = k.fork();
    runSequential(g, 'placeholder', kfree(0));
    expect(value(runSequential(f, 'b', kmalloc(8, GFP_KERNEL)))).toBe(value(runSequential(g, 'b', kmalloc(8, GFP_KERNEL))));
  });
});
