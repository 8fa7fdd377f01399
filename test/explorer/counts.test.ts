/**
 * Exact execution counts of tiny programs, each derived by hand in a comment.
 *
 * How the kernel cuts threads into steps (docs/architecture.md): a step runs a thread's pending visible
 * operation and then every following invisible one, up to the next visible operation. Visible here:
 * WRITE_ONCE/READ_ONCE outside a lock, spin_lock. Invisible: accesses under a held lock (each of
 * these programs is the only one to touch its cells under the lock), spin_unlock, kmalloc (its failure
 * is a value choice made inside the step, success explored first). A thread's first step runs what
 * comes before its first visible operation and then that operation if it can run now; whether it can
 * (is the lock free?) is a read of the lock word in that step's footprint. A thread node exists only
 * where two or more threads are enabled (a thread that has not started yet is enabled). dpor's first
 * execution keeps running the thread that ran last while it can, else takes the lowest enabled thread.
 */
import { describe, expect, it } from 'vitest';
import { BoundedScheduler } from '../../explorer/strategies/bounded.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import { explore } from '../../explorer/explore.ts';
import { kmalloc } from '../../kernel/api/alloc.ts';
import { BUG_ON } from '../../kernel/api/debug.ts';
import { load, READ_ONCE, store, WRITE_ONCE } from '../../kernel/api/memory.ts';
import { spin_lock, spin_unlock } from '../../kernel/api/sync.ts';
import { GFP_KERNEL } from '../../kernel/rt/gfp.ts';
import { exploreAll, tiny, type Body, type Cells } from './tiny.ts';
import { TraceRecorder } from './traces.ts';

const write = (cell: 'x' | 'y', value: number): Body =>
  function* (c) {
    yield* WRITE_ONCE(c[cell], value);
  };
const read = (cell: 'x' | 'y'): Body =>
  function* (c) {
    yield* READ_ONCE(c[cell]);
  };
const lockedIncrement: Body = function* (c) {
  yield* spin_lock(c.a);
  const v = yield* load(c.x);
  yield* store(c.x, v + 1);
  yield* spin_unlock(c.a);
};
/** Takes lock a in one step and keeps it into the next (taking b there). */
const holdAcrossSteps: Body = function* (c) {
  yield* spin_lock(c.a);
  yield* spin_lock(c.b);
  yield* spin_unlock(c.b);
  yield* spin_unlock(c.a);
};
const lockA: Body = function* (c) {
  yield* spin_lock(c.a);
  yield* spin_unlock(c.a);
};

/** dfs and dpor counts, and dpor's distinct traces, which must be exactly dfs's. */
function counts(bodies: readonly Body[], options: { allocChoice?: boolean } = {}): { dfs: number; dpor: number; traces: number; redundant: number } {
  const dfsTraces = new TraceRecorder(new DfsScheduler());
  const dfs = exploreAll(tiny(bodies, options), dfsTraces);
  const dporScheduler = new DporScheduler();
  const dporTraces = new TraceRecorder(dporScheduler);
  const dpor = exploreAll(tiny(bodies, options), dporTraces);
  expect(dfs.result.complete && dpor.result.complete).toBe(true);
  expect([...dporTraces.traces].sort()).toEqual([...dfsTraces.traces].sort());
  return { dfs: dfs.result.executions, dpor: dpor.result.executions, traces: dporTraces.traces.size, redundant: dporScheduler.stats().sleepBlocked };
}

describe('exact execution counts, dfs and dpor', () => {
  it('two threads with one independent step each: dfs 2, dpor 1', () => {
    // T1: x = 1 | T2: y = 1. One step each. dfs: T1 T2 and T2 T1. The steps touch different cells:
    // one trace, dpor runs it once.
    expect(counts([write('x', 1), write('y', 1)])).toEqual({ dfs: 2, dpor: 1, traces: 1, redundant: 0 });
  });

  it('two conflicting writes: 2 and 2', () => {
    // T1: x = 1 | T2: x = 2. Both orders, and they differ (x ends 2 or 1): two traces.
    expect(counts([write('x', 1), write('x', 2)])).toEqual({ dfs: 2, dpor: 2, traces: 2, redundant: 0 });
  });

  it('two reads of one cell commute: 2 and 1', () => {
    // T1: read x | T2: read x. dfs: both orders; reads do not conflict: one trace, dpor runs it once.
    expect(counts([read('x'), read('x')])).toEqual({ dfs: 2, dpor: 1, traces: 1, redundant: 0 });
  });

  it('a lock-protected pair: 2 and 2, and x ends 2 in every execution', () => {
    // T: lock a; x = x + 1 (under the lock: invisible); unlock (invisible). One step each, both write
    // the lock word: dependent, two orders, two traces.
    expect(counts([lockedIncrement, lockedIncrement])).toEqual({ dfs: 2, dpor: 2, traces: 2, redundant: 0 });
    for (const e of exploreAll(tiny([lockedIncrement, lockedIncrement]), new DporScheduler()).executions) {
      expect(e.kernel.mem.peek((e.setup as Cells).x)).toBe(2);
    }
  });

  it('an allocation choice inside a step: dfs 4, dpor 2 (value choices are never reduced)', () => {
    // T1: x = 1; kmalloc (may fail) | T2: y = 1. T1's one step holds the allocation: 2 orders x 2
    // outcomes = 4 for dfs. The steps are independent: one order, both outcomes: 2 for dpor.
    expect(counts([function* (c) {
      yield* WRITE_ONCE(c.x, 1);
      yield* kmalloc(8, GFP_KERNEL);
    }, write('y', 1)], { allocChoice: true })).toEqual({ dfs: 4, dpor: 2, traces: 2, redundant: 0 });
  });

  it('three threads, two conflicting and one independent: dfs 6, dpor 2', () => {
    // T1: x = 1 | T2: x = 2 | T3: read y. dfs: 3! = 6 orders. Traces: only the order of the two
    // writes matters: 2.
    expect(counts([write('x', 1), write('x', 2), read('y')])).toEqual({ dfs: 6, dpor: 2, traces: 2, redundant: 0 });
  });

  it('a lock held across two steps: 3 and 3', () => {
    // T1: s1 = lock a (then lock b is pending), s2 = lock b, unlock b, unlock a | T2: its first step
    // looks at lock a and, if it is free, takes it: t = lock a, unlock a; if T1 holds it, the step is
    // only that look (t0) and t follows once T1 has let go.
    // dfs: T1 first: s1, then T1 or T2: s1 s2 t | s1 t0 s2 t. T2 first: t s1 s2. Three executions.
    // Traces: all three (t0 reads the lock word between s1 and s2, which both write it). dpor: the
    // first execution s1 s2 t; t's look races with s2 (T2 may look while T1 holds a): s1 t0 s2 t; and
    // with s1: t s1 s2.
    expect(counts([holdAcrossSteps, lockA])).toEqual({ dfs: 3, dpor: 3, traces: 3, redundant: 0 });
  });

  it('a lock blocked as soon as it is pending: dfs 4, dpor 3 (one redundant), 2 traces', () => {
    // T1 as above (s1, s2) | T2: t1 = y = 1 (then lock a pending), t2 = lock a, unlock a.
    // dfs, all orders of s1 s2 with t1 t2 where t2 is not between s1 and s2:
    //   s1 s2 t1 t2 | s1 t1 s2 t2 (after s1 t1 only T1 is enabled) | t1 s1 s2 t2 | t1 t2 s1 s2 = 4.
    // Traces: t1 commutes with everything; t2 before s1 or after s2: 2.
    // dpor: (1) s1 s2 t1 t2. t2 races with s2 (its unlock); that cannot be reversed exactly (t2 is
    // blocked before s2), but the reversal's initial, T2 (t1) before s2, is explored: (2) s1 t1 s2 t2,
    // the same trace (T1 sleeps after t1: redundant), in which t2's lock is blocked as soon as pending;
    // the write that blocks it is s1: (3) T2 before s1: t1 t2 s1 s2. Optimal DPOR would run 2.
    expect(counts([holdAcrossSteps, function* (c) {
      yield* WRITE_ONCE(c.y, 1);
      yield* lockA(c);
    }])).toEqual({ dfs: 4, dpor: 3, traces: 2, redundant: 1 });
  });

  it('a failure needs a particular order: dfs 3, dpor 3, both find it', () => {
    // T1: s1 = x = 1 (then the read is pending), s2 = r = x; BUG_ON(r != 1) | T2: t = x = 2.
    // Orders: t s1 s2 (r = 1), s1 t s2 (r = 2: BUG), s1 s2 t (r = 1). All steps conflict on x: 3 traces.
    const dfs = exploreAll(tiny(bugOnInterference), new DfsScheduler());
    const dpor = exploreAll(tiny(bugOnInterference), new DporScheduler());
    expect([dfs.result.executions, dfs.result.failedExecutions, dfs.result.failedProperties]).toEqual([3, 1, ['BUG-FREE']]);
    expect([dpor.result.executions, dpor.result.failedExecutions, dpor.result.failedProperties]).toEqual([3, 1, ['BUG-FREE']]);
  });
});

const bugOnInterference: Body[] = [
  function* (c) {
    yield* WRITE_ONCE(c.x, 1);
    const r = yield* READ_ONCE(c.x);
    yield* BUG_ON(r !== 1);
  },
  write('x', 2),
];

const twoStepsAndOne: Body[] = [
  function* (c) {
    yield* WRITE_ONCE(c.x, 1);
    yield* WRITE_ONCE(c.x, 2);
  },
  write('y', 1),
];

describe('exact execution counts, bounded', () => {
  it('levels hold the schedules with that many preemptions: 2 at bound 0, then 1 more at bound 1', () => {
    // T1: s1, s2 (two steps) | T2: t. Schedules: t s1 s2 (0 preemptions), s1 s2 t (0), s1 t s2 (1:
    // switching away from T1 while it is still enabled). dpor: every step is independent: 1.
    const b0 = exploreAll(tiny(twoStepsAndOne), new BoundedScheduler(0));
    expect([b0.result.executions, b0.result.complete]).toEqual([2, false]);
    expect(b0.result.coverage).toBe('every schedule with at most 0 preemptions');
    const b1 = exploreAll(tiny(twoStepsAndOne), new BoundedScheduler(1));
    expect([b1.result.executions, b1.result.complete]).toEqual([3, true]);
    expect(b1.result.coverage).toBe('every schedule: complete within preemption bound 1');
    expect(exploreAll(tiny(twoStepsAndOne), new BoundedScheduler(1, true)).result.executions).toBe(1);
    expect(exploreAll(tiny(twoStepsAndOne), new DfsScheduler()).result.executions).toBe(3);
  });

  it('a lock blocked as soon as pending: bounded 2 at bound 0 (cut), 4 at bound 1 (complete)', () => {
    // From the dfs list above: s1 s2 t1 t2 (0), s1 t1 s2 t2 (1: T1 was enabled after s1), t1 s1 s2 t2
    // (1: T2 was enabled after t1), t1 t2 s1 s2 (0).
    const bodies = [holdAcrossSteps, function* (c: Cells) {
      yield* WRITE_ONCE(c.y, 1);
      yield* lockA(c);
    }];
    expect(exploreAll(tiny(bodies), new BoundedScheduler(0)).result.executions).toBe(2);
    const b1 = exploreAll(tiny(bodies), new BoundedScheduler(1));
    expect([b1.result.executions, b1.result.complete]).toEqual([4, true]);
  });

  it('the failure that needs one preemption is found at bound 1, after the 2 schedules of bound 0', () => {
    for (const dpor of [false, true]) {
      const scheduler = new BoundedScheduler(3, dpor);
      const r = explore(tiny(bugOnInterference), scheduler, []);
      expect([r.verdict, r.executions, r.failedProperties]).toEqual(['fail', 3, ['BUG-FREE']]);
      expect(scheduler.bound).toBe(1);
      expect(scheduler.preemptions).toBe(1);
    }
  });

  it('with the bound too small to reach the failure: incomplete, never pass', () => {
    const r = explore(tiny(bugOnInterference), new BoundedScheduler(0), []);
    expect([r.verdict, r.executions, r.complete]).toEqual(['incomplete', 2, false]);
  });
});

describe('bounded coverage lines', () => {
  it('say what a stop at bound k covered', () => {
    const scheduler = new BoundedScheduler(3);
    const r = explore(tiny(bugOnInterference), scheduler, []);
    expect(r.coverage).toBe('every schedule without preemption, then 3 executions in all, stopped at preemption bound 1');
  });
});
