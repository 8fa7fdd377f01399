import { describe, expect, it } from 'vitest';
import type { Gen } from '../../kernel/rt/ops.ts';
import {
  TASK_UNINTERRUPTIBLE,
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule_timeout,
  load,
  prepare_to_wait,
  spin_lock_init,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  store,
  wait_queue_t,
  wake_up,
} from '../../kernel/api/index.ts';
import { kernel, runOrder } from './helpers.ts';

function* critical(lock: number, cell: number): Gen<number> {
  const flags = yield* spin_lock_irqsave(lock);
  const v = yield* load(cell);
  yield* store(cell, v + 1);
  yield* spin_unlock_irqrestore(lock, flags);
  return v;
}

function* sleeper(wq: number, log: string[]): Gen<number> {
  const wait = new wait_queue_t();
  yield* init_wait(wait);
  yield* prepare_to_wait(wq, wait, TASK_UNINTERRUPTIBLE);
  log.push('prepared');
  const left = yield* io_schedule_timeout(500);
  yield* finish_wait(wq, wait);
  return left;
}

describe('spinlocks', () => {
  it('a held lock disables other acquirers until it is released; the section is one step', () => {
    const k = kernel();
    const lock = k.harnessCell();
    const cell = k.harnessCell();
    const init = k.spawn('init', spin_lock_init(lock));
    runOrder(k, [init.id]); // nothing runs at spawn: a thread's first operation is its first step
    const a = k.spawn('A', critical(lock, cell));
    const b = k.spawn('B', critical(lock, cell));
    expect(k.enabled()).toEqual([a.id, b.id]);
    runOrder(k, [a.id]); // lock + load + store + unlock: accesses under the lock are merged
    expect(a.status).toBe('done');
    runOrder(k, [b.id]);
    // Each returns the value it read: A first (0), then B (1); two increments.
    expect([a.result, b.result]).toEqual([0, 1]);
    expect(k.mem.peek(cell)).toBe(2);
    expect(k.findings).toEqual([]);
  });

  it('with fine-grained steps, accesses under the lock become scheduling points and the lock blocks others', () => {
    const k = kernel({ fineGrained: true });
    const lock = k.harnessCell();
    const cell = k.harnessCell();
    const a = k.spawn('A', critical(lock, cell));
    const b = k.spawn('B', critical(lock, cell));
    runOrder(k, [a.id]); // A takes the lock; its load is now pending
    expect(k.enabled()).toEqual([a.id]);
    runOrder(k, [a.id, a.id]); // load, store: every operation is a step
    expect(k.enabled()).toEqual([a.id]);
    runOrder(k, [a.id]); // unlock
    expect(k.enabled()).toEqual([b.id]);
  });

  it('a thread that returns holding a lock is reported', () => {
    const k = kernel();
    const lock = k.harnessCell();
    const t = k.spawn('leaky', (function* (): Gen<void> {
      yield* spin_lock_irqsave(lock);
    })());
    runOrder(k, [t.id]);
    expect(k.findings.map((f) => f.property)).toEqual(['LOCKING']);
  });
});

describe('wait queues', () => {
  it('prepare_to_wait then wake_up before the sleep: the sleep returns at once (no lost wake-up)', () => {
    const k = kernel();
    const wq = k.harnessCell();
    const init = k.spawn('init', init_waitqueue_head(wq));
    runOrder(k, [init.id]);
    const log: string[] = [];
    const s = k.spawn('sleeper', sleeper(wq, log));
    runOrder(k, [s.id]); // its first step: init_wait, then prepare_to_wait; schedule pending
    const w = k.spawn('waker', wake_up(wq));
    runOrder(k, [w.id]);
    expect(w.result).toBe(1); // one sleeper woken
    expect(s.isAsleep()).toBe(false);
    runOrder(k, [s.id, s.id]);
    expect(s.result).toBe(500); // woken before any time passed: the whole timeout is left
  });

  it('untimed: a sleeper nobody wakes is never enabled; timed: its timeout fires once within the budget', () => {
    const untimed = kernel();
    const wq = untimed.harnessCell();
    const s = untimed.spawn('sleeper', sleeper(wq, []));
    runOrder(untimed, [s.id]);
    expect(s.isAsleep()).toBe(true);
    expect(untimed.enabled()).toEqual([]);

    const timed = kernel({ timeouts: 'timed', timeoutBudget: 1 });
    const wq2 = timed.harnessCell();
    const t1 = timed.spawn('s1', sleeper(wq2, []));
    const t2 = timed.spawn('s2', sleeper(wq2, []));
    runOrder(timed, [t1.id, t2.id]);
    expect(timed.enabled()).toEqual([t1.id, t2.id]);
    expect(timed.isTimeoutStep(t1)).toBe(true);
    runOrder(timed, [t1.id]); // the timeout fires: budget spent
    expect(timed.enabled()).toEqual([t1.id]);
    runOrder(timed, [t1.id]);
    expect(t1.result).toBe(0);
    expect(timed.enabled()).toEqual([]);
  });

  it('sleeping with a spinlock held is NO-SLEEP-ATOMIC', () => {
    const k = kernel({ timeouts: 'timed' });
    const lock = k.harnessCell();
    const t = k.spawn('bad', (function* (): Gen<void> {
      const flags = yield* spin_lock_irqsave(lock);
      yield* io_schedule_timeout(1);
      yield* spin_unlock_irqrestore(lock, flags);
    })());
    runOrder(k, [t.id, t.id]);
    expect(k.findings.map((f) => f.property)).toContain('NO-SLEEP-ATOMIC');
  });
});
