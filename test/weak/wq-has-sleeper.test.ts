/**
 * wq_has_sleeper against prepare_to_wait, the pairing v6.17's mempool_free relies on: the waker sets
 * the condition and then looks for sleepers; the waiter queues itself and then reads the condition.
 * Both look after a full barrier (wq_has_sleeper's smp_mb, prepare_to_wait's set_current_state), so
 * under weak memory one of them sees the other: no run leaves the waiter asleep with nobody to wake
 * it. Without the waker's barrier (a bare waitqueue_active) that store-buffering shape is allowed:
 * the waker sees an empty queue and the waiter a stale condition, and it sleeps for good. Under
 * sequential consistency neither form loses the wake-up. dpor reaches exactly what dfs reaches.
 */
import { describe, expect, it } from 'vitest';
import {
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule,
  prepare_to_wait,
  READ_ONCE,
  TASK_UNINTERRUPTIBLE,
  wait_queue_t,
  waitqueue_active,
  wake_up,
  WRITE_ONCE,
  wq_has_sleeper,
  type Gen,
  type Loc,
} from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import type { Program } from '../../explorer/program.ts';
import { explore } from '../../explorer/explore.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';

interface Shared {
  readonly cond: Loc;
  readonly wq: Loc;
}

function* waker(s: Shared, barrier: boolean): Gen<number> {
  yield* WRITE_ONCE(s.cond, 1);
  const sleeper = barrier ? yield* wq_has_sleeper(s.wq) : (yield* waitqueue_active(s.wq)) !== 0;
  return sleeper ? yield* wake_up(s.wq) : -1;
}

function* waiter(s: Shared): Gen<number> {
  const wait = new wait_queue_t();
  yield* init_wait(wait);
  yield* prepare_to_wait(s.wq, wait, TASK_UNINTERRUPTIBLE);
  const cond = yield* READ_ONCE(s.cond);
  if (cond === 0) yield* io_schedule();
  yield* finish_wait(s.wq, wait);
  return cond;
}

function program(memory: 'sc' | 'weak', barrier: boolean): Program<Shared> {
  return {
    kernelConfig: { ...DEFAULT_KERNEL_CONFIG, memory: memoryFactory({ model: memory }) },
    *setup(kernel): Gen<Shared> {
      const wq = kernel.harnessCell();
      yield* init_waitqueue_head(wq);
      return { cond: kernel.harnessCell(), wq };
    },
    threads: (s) => [
      { name: 'waker', body: waker(s, barrier) },
      { name: 'waiter', body: waiter(s) },
    ],
  };
}

/** How each run ended: the waker's result (-1: it saw no sleeper) and whether the waiter returned, with what it read. */
function outcomes(p: Program<Shared>, scheduler: Scheduler): string[] {
  const seen = new Set<string>();
  const r = explore(p, scheduler, [], { maxExecutions: 10_000, stopOnFailure: false, keepFailures: 0, onRestart: () => seen.clear() }, undefined, (e) => {
    const [w, s] = e.kernel.threads.filter((t) => t.name === 'waker' || t.name === 'waiter');
    seen.add(`waker ${String(w?.result)}, waiter ${s?.status === 'done' ? `read ${String(s.result)}` : 'asleep'}`);
  });
  expect(r.complete).toBe(true);
  return [...seen].sort();
}

const LOST = 'waker -1, waiter asleep';

describe('wq_has_sleeper pairs with prepare_to_wait', () => {
  it('weak memory, wq_has_sleeper: the waker sees the waiter or the waiter sees the condition', () => {
    const dfs = outcomes(program('weak', true), new DfsScheduler());
    expect(dfs).not.toContain(LOST);
    // Both ways out are reached: woken after sleeping, and not sleeping at all.
    expect(dfs).toEqual(expect.arrayContaining(['waker -1, waiter read 1', 'waker 1, waiter read 0']));
    expect(outcomes(program('weak', true), new DporScheduler())).toEqual(dfs);
  });

  it('weak memory, a bare waitqueue_active: the wake-up is lost when both read stale', () => {
    const dfs = outcomes(program('weak', false), new DfsScheduler());
    expect(dfs).toContain(LOST);
    expect(outcomes(program('weak', false), new DporScheduler())).toEqual(dfs);
  });

  it('sequential consistency: neither form loses it', () => {
    for (const barrier of [true, false]) {
      const dfs = outcomes(program('sc', barrier), new DfsScheduler());
      expect(dfs).not.toContain(LOST);
      expect(outcomes(program('sc', barrier), new DporScheduler())).toEqual(dfs);
    }
  });
});
