/**
 * Kernel objects are not taken on trust, and a timeout's value counts: a lock or wait queue used
 * before its initialisation, or lying in no live allocation, is a KERNEL-OBJECTS finding at the
 * operation; so is a thread that ends with its wait entry still queued. `io_schedule_timeout(0)`
 * returns at once in both timeout modes; `io_schedule()` never times out, also in timed mode.
 */
import { describe, expect, it } from 'vitest';
import type { Gen, Loc } from '../../kernel/rt/ops.ts';
import {
  TASK_UNINTERRUPTIBLE,
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule,
  io_schedule_timeout,
  kfree,
  kmalloc_node,
  prepare_to_wait,
  spin_lock_init,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  wait_queue_t,
  wake_up,
  GFP_KERNEL,
} from '../../kernel/api/index.ts';
import { runSequential } from '../../kernel/rt/sequential.ts';
import { kernel, runOrder } from './helpers.ts';

/** A two-word object from the allocator, as a pool struct is: its words exist but hold zeros. */
function object(k: ReturnType<typeof kernel>): Loc {
  const r = runSequential(k, 'alloc', kmalloc_node(16, GFP_KERNEL, -1));
  if (r.kind !== 'returned' || r.value === 0) throw new Error('allocation failed');
  return r.value;
}

function* lockUnlock(lock: Loc): Gen<void> {
  const flags = yield* spin_lock_irqsave(lock);
  yield* spin_unlock_irqrestore(lock, flags);
}

function* sleepOnce(wq: Loc, timeout: number | null, finish = true): Gen<number> {
  const wait = new wait_queue_t();
  yield* init_wait(wait);
  yield* prepare_to_wait(wq, wait, TASK_UNINTERRUPTIBLE);
  const left = timeout === null ? yield* io_schedule() : yield* io_schedule_timeout(timeout);
  if (finish) yield* finish_wait(wq, wait);
  return left;
}

const messages = (k: ReturnType<typeof kernel>): string[] => k.findings.map((f) => `${f.property}: ${f.message}`);

describe('locks and wait queues must be initialised and live', () => {
  it('a lock in allocated memory used before spin_lock_init is reported; after it, it is not', () => {
    const k = kernel();
    const obj = object(k);
    runSequential(k, 'use', lockUnlock(obj));
    expect(messages(k)).toEqual([expect.stringMatching(/^KERNEL-OBJECTS: spin_lock on 0x[0-9a-f]+ before spin_lock_init/)]);

    const ok = kernel();
    const obj2 = object(ok);
    runSequential(ok, 'init', spin_lock_init(obj2));
    runSequential(ok, 'use', lockUnlock(obj2));
    expect(ok.findings).toEqual([]);
  });

  it('a wait queue used before init_waitqueue_head is reported at wake_up and at prepare_to_wait', () => {
    const k = kernel();
    const obj = object(k);
    runSequential(k, 'waker', wake_up(obj + 1));
    expect(messages(k)).toEqual([expect.stringMatching(/wake_up on 0x[0-9a-f]+ before init_waitqueue_head/)]);
    const k2 = kernel();
    const obj2 = object(k2);
    const t = k2.spawn('sleeper', sleepOnce(obj2 + 1, 5));
    runOrder(k2, [t.id]);
    expect(messages(k2)).toEqual([expect.stringMatching(/prepare_to_wait on 0x[0-9a-f]+ before init_waitqueue_head/)]);
  });

  it('a lock or wait queue outside every live allocation (past the end, or freed) is reported and kills the thread', () => {
    const k = kernel();
    const obj = object(k);
    // kmalloc_node(16) is two words; the word after them belongs to nothing.
    const t = k.spawn('past-end', spin_lock_init(obj + 2));
    expect(t.status).toBe('dead');
    expect(messages(k)).toEqual([expect.stringMatching(/spin_lock_init on 0x[0-9a-f]+, which lies in no live allocation/)]);

    const k2 = kernel();
    const obj2 = object(k2);
    runSequential(k2, 'init', init_waitqueue_head(obj2));
    runSequential(k2, 'free', kfree(obj2));
    const w = k2.spawn('waker', wake_up(obj2));
    runOrder(k2, [w.id]);
    expect(w.status).toBe('dead');
    expect(messages(k2)).toEqual([expect.stringMatching(/wake_up on 0x[0-9a-f]+, which lies in no live allocation/)]);
  });

  it('harness cells are statics defined initialised (DEFINE_SPINLOCK, DECLARE_WAIT_QUEUE_HEAD)', () => {
    const k = kernel();
    const lock = k.harnessCell();
    const wq = k.harnessCell();
    runSequential(k, 'use', lockUnlock(lock));
    runSequential(k, 'wake', wake_up(wq));
    expect(k.findings).toEqual([]);
  });

  it('a thread that ends with its wait entry still queued is reported', () => {
    const k = kernel({ timeouts: 'timed', timeoutBudget: 1 });
    const wq = k.harnessCell();
    const t = k.spawn('no-finish', sleepOnce(wq, 5, false));
    runOrder(k, [t.id, t.id]); // prepare_to_wait, then the timeout fires and the thread returns
    expect(t.status).toBe('done');
    expect(messages(k)).toEqual([expect.stringMatching(/^KERNEL-OBJECTS: returned with its wait entry still on a wait queue/)]);

    // Woken instead: wake_up's autoremove took the entry off, nothing is left queued.
    const k2 = kernel();
    const wq2 = k2.harnessCell();
    const s = k2.spawn('no-finish', sleepOnce(wq2, 5, false));
    runOrder(k2, [s.id]);
    const w = k2.spawn('waker', wake_up(wq2));
    runOrder(k2, [w.id, s.id]);
    expect(k2.findings).toEqual([]);
  });
});

describe('the timeout value counts', () => {
  it('io_schedule_timeout(0) returns at once, unwoken, in untimed mode and without spending the timed budget', () => {
    for (const timeouts of ['untimed', 'timed'] as const) {
      const k = kernel({ timeouts, timeoutBudget: 1 });
      const wq = k.harnessCell();
      const t = k.spawn('poller', sleepOnce(wq, 0));
      runOrder(k, [t.id]); // prepare_to_wait; the zero-timeout sleep is pending
      expect(k.isTimeoutStep(t)).toBe(false);
      expect(k.enabled()).toEqual([t.id]);
      runOrder(k, [t.id, t.id]); // the sleep returns at once, then finish_wait
      expect([timeouts, t.status, t.result]).toEqual([timeouts, 'done', 0]);
      expect(k.timeoutsLeft).toBe(timeouts === 'timed' ? 1 : 0);
    }
  });

  it('io_schedule() sleeps until woken also in timed mode: no timeout ever fires', () => {
    const k = kernel({ timeouts: 'timed', timeoutBudget: 3 });
    const wq = k.harnessCell();
    const forever = k.spawn('io_schedule', sleepOnce(wq, null));
    const timed = k.spawn('timed', sleepOnce(wq, 5));
    runOrder(k, [forever.id, timed.id]);
    expect(k.enabled()).toEqual([timed.id]); // only the timed sleeper may time out
    const w = k.spawn('waker', wake_up(wq));
    runOrder(k, [w.id]);
    expect(k.enabled()).toEqual([forever.id, timed.id]);
  });
});
