import type { Gen, Loc } from '../rt/ops.ts';
import { MAX_SCHEDULE_TIMEOUT, WaitEntry } from '../rt/ops.ts';
import { TASK_RUNNING, TASK_UNINTERRUPTIBLE } from '../rt/thread.ts';
import { emit } from './emit.ts';
import { smp_mb } from './memory.ts';

export { MAX_SCHEDULE_TIMEOUT, TASK_RUNNING, TASK_UNINTERRUPTIBLE };
export const HZ = 100;

/** A wait queue head lives at an address (a field of its struct). */
export type wait_queue_head_t = Loc;
/** The on-stack wait entry (`wait_queue_t wait;`), set up by init_wait. */
export { WaitEntry as wait_queue_t };

export const init_waitqueue_head = (wq: wait_queue_head_t): Gen<void> => emit({ kind: 'wq_init', wq });
export const init_wait = (wait: WaitEntry): Gen<void> => emit({ kind: 'wait_init', wait });
export const prepare_to_wait = (wq: wait_queue_head_t, wait: WaitEntry, state: number): Gen<void> =>
  emit({ kind: 'prepare_to_wait', wq, wait, state });
export const finish_wait = (wq: wait_queue_head_t, wait: WaitEntry): Gen<void> => emit({ kind: 'finish_wait', wq, wait });
/** Wakes every non-exclusive waiter; returns how many were asleep. */
export const wake_up = (wq: wait_queue_head_t): Gen<number> => emit({ kind: 'wake_up', wq });
/**
 * Sleeps unless woken since prepare_to_wait; returns the time left (0 when the timeout fired). In
 * `timed` mode a positive timeout may fire (a scheduler choice, within the budget); a timeout <= 0
 * returns at once, woken or not, in either mode.
 */
export const io_schedule_timeout = (timeout: number): Gen<number> => emit({ kind: 'schedule_timeout', timeout });
export const schedule_timeout = io_schedule_timeout;
/** Sleeps until woken, in either timeout mode (`io_schedule_timeout(MAX_SCHEDULE_TIMEOUT)`). */
export const io_schedule = (): Gen<number> => io_schedule_timeout(MAX_SCHEDULE_TIMEOUT);
export const schedule = io_schedule;

/**
 * waitqueue_active: whether anyone waits on the queue, read without the queue's lock. Wait queues are
 * kernel objects the model keeps sequentially consistent (every change to one is made under its lock),
 * so the read sees the queue as it is at this step.
 */
export const waitqueue_active = (wq: wait_queue_head_t): Gen<number> => emit({ kind: 'wq_active', wq });

/**
 * wq_has_sleeper (include/linux/wait.h): `smp_mb(); return waitqueue_active(wq);`. The barrier pairs
 * with the one prepare_to_wait's set_current_state makes; a waker that changed the condition first
 * then sees the queue of a waiter that would have missed the change.
 */
export function* wq_has_sleeper(wq: wait_queue_head_t): Gen<boolean> {
  yield* smp_mb();
  return (yield* waitqueue_active(wq)) !== 0;
}
