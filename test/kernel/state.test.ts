/**
 * The world fingerprint (kernel/rt/state.ts): equal for worlds that differ only in which addresses the
 * allocators handed out (element identities renamed by first appearance), different for worlds that
 * differ in anything a thread could observe later.
 */
import { describe, expect, it } from 'vitest';
import { GFP_KERNEL, kfree, kmalloc, kmalloc_array, kmem_cache_alloc, kmem_cache_create, READ_ONCE, store, WRITE_ONCE, type Gen, type Loc } from '../../kernel/api/index.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import { WeakMemory } from '../../kernel/rt/memory-weak.ts';
import { explicitStateOf, threadsExplicit, worldFingerprint, type ExplicitThreadState, type StateSink } from '../../kernel/rt/state.ts';
import { kernel, runOrder } from './helpers.ts';

/** A kernel with harness cells x and y, after running `body(x, y)` alone to its end. */
function world(body: (x: Loc, y: Loc) => Gen<unknown>, weak = false): Kernel {
  const k = kernel(weak ? { memory: () => new WeakMemory() } : {});
  const x = k.harnessCell();
  const y = k.harnessCell();
  const t = k.spawn('T1', body(x, y));
  while (t.status === 'ready') k.step(t.id);
  return k;
}

/** A two-word block holding `a` and `b`, its address stored in `cell`. */
function* pair(cell: Loc, a: number, b: number): Gen<void> {
  const p = yield* kmalloc_array(2, 8, GFP_KERNEL);
  yield* store(p, a);
  yield* store(p + 1, b);
  yield* store(cell, p);
}

describe('world fingerprint', () => {
  it('is the same whichever addresses the elements got: identities are renamed by first appearance', () => {
    const direct = world(function* (x) {
      yield* pair(x, 1, 2);
    });
    // Two blocks allocated and freed first: the pair gets another address (and sequence number).
    const later = world(function* (x) {
      yield* kfree(yield* kmalloc_array(4, 8, GFP_KERNEL));
      yield* kfree(yield* kmalloc(32, GFP_KERNEL));
      yield* pair(x, 1, 2);
    });
    expect(later.mem.peek(later.harnessCellLocs()[0] as Loc)).not.toBe(direct.mem.peek(direct.harnessCellLocs()[0] as Loc));
    expect(worldFingerprint(later)).toBe(worldFingerprint(direct));
  });

  it('follows the structure, not the allocation order: blocks are named in the order the walk meets them', () => {
    const xFirst = world(function* (x, y) {
      yield* pair(x, 1, 2);
      yield* pair(y, 3, 4);
    });
    const yFirst = world(function* (x, y) {
      yield* pair(y, 3, 4);
      yield* pair(x, 1, 2);
    });
    const swapped = world(function* (x, y) {
      yield* pair(x, 3, 4);
      yield* pair(y, 1, 2);
    });
    expect(worldFingerprint(yFirst)).toBe(worldFingerprint(xFirst));
    expect(worldFingerprint(swapped)).not.toBe(worldFingerprint(xFirst));
  });

  it('tells apart a different value, a different cell, a pointer to a freed block and a block nothing points to', () => {
    const base = worldFingerprint(world((x) => pair(x, 1, 2)));
    expect(worldFingerprint(world((x) => pair(x, 1, 3)))).not.toBe(base);
    expect(worldFingerprint(world((_x, y) => pair(y, 1, 2)))).not.toBe(base);
    const dangling = world(function* (x) {
      yield* pair(x, 1, 2);
      yield* kfree(yield* READ_ONCE(x));
    });
    const unreachable = world(function* (x) {
      yield* pair(x, 1, 2);
      yield* store(x, 0);
    });
    const cleared = world(function* (x) {
      yield* pair(x, 1, 2);
      yield* kfree(yield* READ_ONCE(x));
      yield* store(x, 0);
    });
    const all = [base, worldFingerprint(dangling), worldFingerprint(unreachable), worldFingerprint(cleared)];
    expect(new Set(all).size).toBe(4);
  });

  it("writes an element's words in order, a word never touched as '-'", () => {
    // A 6-word element with words 1 and 4 written: runs of untouched words at the start, in the
    // middle and at the end.
    const k = world(function* (x) {
      const cache = yield* kmem_cache_create('six', 48);
      const e = yield* kmem_cache_alloc(cache, GFP_KERNEL);
      yield* store(e + 1, 7);
      yield* store(e + 4, e);
      yield* store(x, e);
    });
    const lines = worldFingerprint(k).split('\n');
    // Its shape (live, kmem_cache_alloc, 48 bytes, 6 words, order 0, cache 1), then the words (-*2: two
    // words without a value).
    expect(lines.find((l) => l.startsWith('b0 '))).toMatch(/^b0 live kmem_cache_alloc 48 6 0 \d+ - 7 -\*2 b0 -$/);
  });

  it("includes each thread's status and pending operation", () => {
    const k = kernel();
    const x = k.harnessCell();
    k.spawn('T1', (function* () {
      yield* WRITE_ONCE(x, 1);
      yield* WRITE_ONCE(x, 1);
    })());
    const before = worldFingerprint(k);
    runOrder(k, [0]);
    // Memory differs between the first two, T1's status between the last two.
    const between = worldFingerprint(k);
    runOrder(k, [0]);
    expect(new Set([before, between, worldFingerprint(k)]).size).toBe(3);
  });

  describe('under the weak memory model', () => {
    it('compares only the messages a live thread may still read, with timestamps relative to the oldest of them', () => {
      const once = world((x) => WRITE_ONCE(x, 3), true);
      const thrice = world(function* (x) {
        yield* WRITE_ONCE(x, 1);
        yield* WRITE_ONCE(x, 2);
        yield* WRITE_ONCE(x, 3);
      }, true);
      // Every thread has returned: nobody can read the older messages of `thrice`.
      expect(worldFingerprint(thrice)).toBe(worldFingerprint(once));
    });

    it('keeps apart worlds where a live thread could still read an older message', () => {
      const reader = (writes: readonly number[]): Kernel => {
        const k = kernel({ memory: () => new WeakMemory() });
        const x = k.harnessCell();
        k.spawn('reader', READ_ONCE(x)); // started before the writes: may read any of them
        const w = k.spawn('writer', (function* () {
          for (const v of writes) yield* WRITE_ONCE(x, v);
        })());
        while (w.status === 'ready') k.step(w.id);
        return k;
      };
      expect(worldFingerprint(reader([1, 2, 3]))).not.toBe(worldFingerprint(reader([3])));
      expect(worldFingerprint(reader([5, 3]))).toBe(worldFingerprint(reader([5, 3])));
    });
  });

  describe('threads that expose their frames (ExplicitThreadState)', () => {
    /** A thread body whose frames are data: a counter, with every pointer local written through the names. */
    function explicitBody(counter: number, local: number, x: Loc): Gen<unknown> & ExplicitThreadState {
      const gen = (function* () {
        yield* WRITE_ONCE(x, 1);
      })();
      return Object.assign(gen, {
        writeState: (out: StateSink) => {
          out.num(counter);
          out.word(local);
        },
      });
    }

    it('adds the frames to the fingerprint, and makes it exact when every live thread does', () => {
      const make = (counter: number): Kernel => {
        const k = kernel();
        k.spawn('T1', explicitBody(counter, 0, k.harnessCell()));
        return k;
      };
      expect(worldFingerprint(make(1))).not.toBe(worldFingerprint(make(2)));
      const k = make(1);
      expect(explicitStateOf(k.threads[0] as never)).not.toBeNull();
      expect(threadsExplicit(k)).toBe(true);
      k.spawn('T2', READ_ONCE(k.harnessCellLocs()[0] as Loc));
      expect(threadsExplicit(k)).toBe(false);
    });
  });
});
