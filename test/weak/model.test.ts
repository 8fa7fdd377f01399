/** The weak model's rules, one by one, on WeakMemory directly (MEMORY-MODEL.md, "Rules"). */
import { describe, expect, it } from 'vitest';
import { access, OBJ_MB, OBJ_STALE_BUDGET, READ, WRITE } from '../../kernel/rt/footprint.ts';
import type { ChoiceKind, ValueChooser } from '../../kernel/rt/memory.ts';
import { WeakMemory } from '../../kernel/rt/memory-weak.ts';
import { ScMemory } from '../../kernel/rt/memory-sc.ts';
import { memoryFactory, parseBound } from '../../kernel/rt/weak/factory.ts';

const X = 0x100000;
const Y = 0x100001;
const L = 0x100002;

/** A chooser that answers from a script and records what it was asked. */
function script(...answers: number[]): ValueChooser & { asked: [number, ChoiceKind][] } {
  const asked: [number, ChoiceKind][] = [];
  return {
    asked,
    pickValue(n, kind) {
      asked.push([n, kind]);
      return answers.shift() ?? 0;
    },
  };
}

function fresh(staleReads = Infinity, window = Infinity): WeakMemory {
  const m = new WeakMemory({ staleReads, window });
  m.init(X, 0);
  m.init(Y, 0);
  m.init(L, 0);
  m.threadStart(1);
  m.threadStart(2);
  return m;
}

describe('weak memory: loads', () => {
  it('offers every readable message, newest first, as a read-from choice', () => {
    const m = fresh();
    m.store(1, X, 1, 'once');
    m.store(1, X, 2, 'once');
    const c = script(0);
    expect(m.load(2, X, 'once', c)).toBe(2);
    expect(c.asked).toEqual([[3, 'read-from']]);
    expect(m.staleReads).toHaveLength(0);
    const old = script(2);
    expect(fresh().load(2, X, 'once', old)).toBe(0);
  });

  it('never goes back: a load raises cur (CoRR), a thread reads its own store or newer (CoWR)', () => {
    const m = fresh();
    m.store(1, X, 1, 'once');
    m.store(1, X, 2, 'once');
    expect(m.load(2, X, 'once', script(1))).toBe(1);
    const next = script(0);
    m.load(2, X, 'once', next);
    expect(next.asked).toEqual([[2, 'read-from']]);
    const own = script();
    expect(m.load(1, X, 'once', own)).toBe(2);
    expect(own.asked).toEqual([]);
  });

  it('records a stale read with the message read and the newest one it missed', () => {
    const m = fresh();
    m.store(1, X, 7, 'once');
    expect(m.load(2, X, 'once', script(1))).toBe(0);
    expect(m.staleReads).toHaveLength(1);
    expect(m.staleReads[0]).toMatchObject({ tid: 2, loc: X, read: { value: 0, writer: -1 }, newest: { value: 7, writer: 1 }, choices: 2 });
  });

  it('spends the stale-read budget: with k = 1 only the first stale read has a choice', () => {
    const m = fresh(1);
    m.store(1, X, 1, 'once');
    m.store(1, Y, 1, 'once');
    expect(m.load(2, X, 'once', script(1))).toBe(0);
    const c = script(1);
    expect(m.load(2, Y, 'once', c)).toBe(1);
    expect(c.asked).toEqual([]);
  });

  it('reads only the last K messages with a window', () => {
    const m = fresh(Infinity, 2);
    for (let v = 1; v <= 4; v++) m.store(1, X, v, 'once');
    const c = script(1);
    expect(m.load(2, X, 'once', c)).toBe(3);
    expect(c.asked).toEqual([[2, 'read-from']]);
    const sc = fresh(Infinity, 1);
    sc.store(1, X, 1, 'once');
    const none = script();
    expect(sc.load(2, X, 'once', none)).toBe(1);
    expect(none.asked).toEqual([]);
  });

  it('await chooses only among satisfying messages and blocks when none is readable', () => {
    const m = fresh();
    expect(m.canAwait(2, X, (v) => v !== 0)).toBe(false);
    m.store(1, X, 5, 'once');
    m.store(1, X, 0, 'once');
    expect(m.canAwait(2, X, (v) => v !== 0)).toBe(true);
    const c = script();
    expect(m.awaitRead(2, X, (v) => v !== 0, c)).toBe(5);
    expect(c.asked).toEqual([]);
    expect(m.staleReads).toHaveLength(1);
    expect(fresh(0).canAwait(2, X, (v) => v === 0)).toBe(true);
    const spent = fresh(0);
    spent.store(1, X, 5, 'once');
    expect(spent.canAwait(2, X, (v) => v === 0)).toBe(false);
  });
});

describe('weak memory: barriers', () => {
  const mp = (wmb: boolean, reader: 'once' | 'rmb' | 'acquire'): number[] => {
    const m = fresh();
    m.store(1, X, 1, 'once');
    if (wmb) m.fence(1, 'wmb');
    m.store(1, Y, 1, 'once');
    expect(m.load(2, Y, reader === 'acquire' ? 'acquire' : 'once', script(0))).toBe(1);
    if (reader === 'rmb') m.fence(2, 'rmb');
    const c = script();
    m.load(2, X, 'once', c);
    return c.asked.map(([n]) => n);
  };

  it('smp_wmb + smp_rmb, smp_wmb + acquire forbid the stale x; either alone does not', () => {
    expect(mp(true, 'rmb')).toEqual([]);
    expect(mp(true, 'acquire')).toEqual([]);
    expect(mp(false, 'rmb')).toEqual([2]);
    expect(mp(true, 'once')).toEqual([2]);
  });

  it('smp_store_release carries what its thread read (A-cumulative), smp_wmb only its own stores', () => {
    for (const release of [true, false]) {
      const m = fresh();
      m.threadStart(3);
      m.store(1, X, 1, 'once');
      expect(m.load(2, X, 'once', script(0))).toBe(1);
      if (release) m.store(2, Y, 1, 'release');
      else {
        m.fence(2, 'wmb');
        m.store(2, Y, 1, 'once');
      }
      m.load(3, Y, 'once', script(0));
      m.fence(3, 'rmb');
      const c = script();
      m.load(3, X, 'once', c);
      expect(c.asked.length, release ? 'release' : 'wmb').toBe(release ? 0 : 1);
    }
  });

  it('smp_mb orders through S and writes the footprint object S; local fences touch nothing shared', () => {
    const m = fresh();
    const fp: number[] = [];
    m.attach(fp);
    m.fence(1, 'rmb');
    m.fence(1, 'wmb');
    expect(fp).toEqual([]);
    m.store(1, X, 1, 'once');
    m.fence(1, 'mb');
    expect(fp).toEqual([access(OBJ_MB, WRITE)]);
    m.fence(2, 'mb');
    const c = script();
    expect(m.load(2, X, 'once', c)).toBe(1);
    expect(c.asked).toEqual([]);
  });

  it('a finite budget shows in the footprint: a load with a choice reads it, a stale read writes it', () => {
    const m = fresh(2);
    const fp: number[] = [];
    m.attach(fp);
    m.store(1, X, 1, 'once');
    fp.length = 0;
    m.load(2, X, 'once', script(0));
    expect(fp).toEqual([access(OBJ_STALE_BUDGET, READ)]);
    const n = fresh(2);
    const fp2: number[] = [];
    n.attach(fp2);
    n.store(1, X, 1, 'once');
    fp2.length = 0;
    n.load(2, X, 'once', script(1));
    expect(fp2).toEqual([access(OBJ_STALE_BUDGET, READ), access(OBJ_STALE_BUDGET, WRITE)]);
    const unbounded = fresh();
    const fp3: number[] = [];
    unbounded.attach(fp3);
    unbounded.store(1, X, 1, 'once');
    unbounded.load(2, X, 'once', script(1));
    expect(fp3).toEqual([]);
  });
});

describe('weak memory: locks', () => {
  it('the next locker sees the critical section (MP+polocks) and gets its stores into relF', () => {
    const m = fresh();
    m.store(1, X, 1, 'once');
    m.lockAcquire(1, L);
    m.store(1, Y, 1, 'once');
    m.lockRelease(1, L);
    m.lockAcquire(2, L);
    const c = script();
    expect(m.load(2, Y, 'once', c)).toBe(1);
    expect(m.load(2, X, 'once', c)).toBe(1);
    expect(c.asked).toEqual([]);
    expect(m.peek(L)).toBe(3);
    m.lockRelease(2, L);
    expect(m.peek(L)).toBe(0);
  });

  it('unlock then lock on one CPU orders earlier stores before later ones (MP+unlocklock+rmb)', () => {
    const L2 = 0x100003;
    const m = fresh();
    m.init(L2, 0);
    m.lockAcquire(1, L);
    m.store(1, X, 1, 'once');
    m.lockRelease(1, L);
    m.lockAcquire(1, L2);
    m.store(1, Y, 1, 'once');
    m.lockRelease(1, L2);
    m.load(2, Y, 'once', script(0));
    m.fence(2, 'rmb');
    const c = script();
    expect(m.load(2, X, 'once', c)).toBe(1);
    expect(c.asked).toEqual([]);
  });

  it.each([
    ['fully ordered', 'mb', true],
    ['relaxed', 'relaxed', false],
  ] as const)('an RMW reads the newest message without a choice, with barriers only when fully ordered (%s)', (_what, ordering, barrier) => {
    const m = fresh();
    m.store(1, X, 4, 'once');
    const fp: number[] = [];
    m.attach(fp);
    expect(m.rmw(2, X, (v) => v + 1, ordering)).toBe(4);
    expect(m.peek(X)).toBe(5);
    expect(fp.includes(access(OBJ_MB, WRITE))).toBe(barrier);
  });

  it('store buffering over two atomics: both may read the other old when relaxed (atomic_inc), never when fully ordered (atomic_inc_return)', () => {
    const both = (relaxed: boolean): [number, number][] => {
      const m = fresh();
      m.rmw(1, X, (v) => v + 1, relaxed ? 'relaxed' : 'mb');
      m.rmw(2, Y, (v) => v + 1, relaxed ? 'relaxed' : 'mb');
      const c1 = script();
      m.load(1, Y, 'once', c1);
      const c2 = script();
      m.load(2, X, 'once', c2);
      return [...c1.asked.map(([n]) => [1, n] as [number, number]), ...c2.asked.map(([n]) => [2, n] as [number, number])];
    };
    // Relaxed: each load may read the initial 0 or the other's increment (a choice of two, both threads).
    expect(both(true)).toEqual([
      [1, 2],
      [2, 2],
    ]);
    // Fully ordered: T2's barrier comes after T1's, so T2 must see T1's increment (no choice); SB+mbs forbids 0, 0.
    expect(both(false).filter(([t]) => t === 2)).toEqual([]);
  });


  it('a cmpxchg is fully ordered when it succeeds and relaxed when it fails', () => {
    const cas = (old: number): { got: number; now: number; mb: boolean } => {
      const m = fresh();
      m.store(1, X, 4, 'once');
      const fp: number[] = [];
      m.attach(fp);
      const got = m.rmw(2, X, (v) => (v === old ? 9 : v), { ifOld: old });
      return { got, now: m.peek(X), mb: fp.includes(access(OBJ_MB, WRITE)) };
    };
    expect(cas(4)).toEqual({ got: 4, now: 9, mb: true });
    expect(cas(3)).toEqual({ got: 4, now: 4, mb: false });
  });
});

describe('weak memory: threads, copies, collection', () => {
  it('a thread started later sees everything before it', () => {
    const m = fresh();
    m.store(1, X, 1, 'once');
    m.threadStart(3);
    const c = script();
    expect(m.load(3, X, 'once', c)).toBe(1);
    expect(c.asked).toEqual([]);
  });

  it('a clone is independent of the original', () => {
    const m = fresh(1);
    m.store(1, X, 1, 'once');
    const c = m.clone();
    c.store(1, X, 2, 'once');
    c.load(2, X, 'once', script(2));
    // The original keeps its two messages (the initial 0 and the 1) and its one stale read; the clone
    // spent its one on the stale read above.
    expect(m.peek(X)).toBe(1);
    expect(m.messages(X)).toHaveLength(2);
    expect(m.staleLeft).toBe(1);
    expect(c.staleLeft).toBe(0);
  });

  it('drops messages no thread can read any more', () => {
    const m = fresh();
    for (let v = 1; v <= 20; v++) m.store(1, X, v, 'once');
    // Thread 2 can still read all 21 messages; once it has read the newest (20), older ones go at the
    // next store, and what it can still read stays.
    expect(m.messages(X).length).toBe(21);
    m.load(2, X, 'once', script(0));
    for (let v = 21; v < 30; v++) m.store(1, X, v, 'once');
    expect(m.messages(X).map((msg) => msg.value)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('the factory makes sc or weak with bounds, and refuses the rest', () => {
    expect(memoryFactory({ model: 'sc' })()).toBeInstanceOf(ScMemory);
    const w = memoryFactory({ model: 'weak', staleReads: 1, window: 3 })();
    expect(w).toBeInstanceOf(WeakMemory);
    expect((w as WeakMemory).options).toEqual({ staleReads: 1, window: 3 });
    expect(() => memoryFactory({ model: 'tso' })).toThrow(/unknown memory model 'tso'/);
    expect(() => memoryFactory({ model: 'weak', window: 0 })).toThrow(RangeError);
    expect(parseBound('inf', 'k')).toBe(Infinity);
    expect(parseBound('3', 'k')).toBe(3);
    expect(() => parseBound('-1', 'k')).toThrow(RangeError);
  });
});
