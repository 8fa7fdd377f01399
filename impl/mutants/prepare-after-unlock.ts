import type { Mutant } from './mutant.ts';

/**
 * The waiter drops the pool lock before prepare_to_wait (L254 after L256) and does not re-check the
 * reserve. A free that runs in between pushes its element and calls wake_up on an empty queue; the
 * waiter then queues itself and sleeps with an element in the reserve: the classic lost wake-up that
 * taking prepare_to_wait under the lock (the seed's order) rules out.
 */
export const prepareAfterUnlock: Mutant = {
  name: 'prepare-after-unlock',
  summary: 'the waiter calls prepare_to_wait after dropping the lock, with no re-check (L254 after L256)',
  breaks: 'a free between the unlock and prepare_to_wait wakes nobody; the waiter then sleeps with an element in the reserve',
  file: 'alloc.ts',
  patches: [
    {
      find:
        '    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE); // L254\n\n' +
        '    yield* spin_unlock_irqrestore(pool.lock, flags); // L256\n',
      replace:
        '    yield* spin_unlock_irqrestore(pool.lock, flags); // L256 (mutant: unlocked before prepare_to_wait)\n\n' +
        '    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE); // L254 (mutant: after the unlock, no re-check)\n',
    },
  ],
  caughtBy: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'],
};
