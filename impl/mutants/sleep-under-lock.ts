import type { Mutant } from './mutant.ts';

/**
 * The waiter sleeps before dropping the pool lock (L256 moved after L262): scheduling with a spinlock
 * held and irqs off. Every other thread that needs the lock (the free that would wake it) spins
 * forever: a sleep in atomic context and a deadlock at once.
 */
export const sleepUnderLock: Mutant = {
  name: 'sleep-under-lock',
  summary: 'the waiter calls io_schedule_timeout before spin_unlock_irqrestore (L262 before L256)',
  breaks: 'sleeping with the pool spinlock held and irqs off: the freer that would wake it can never take the lock',
  file: 'alloc.ts',
  patches: [
    {
      find: '    yield* spin_unlock_irqrestore(pool.lock, flags); // L256\n',
      replace: '    // L256 (mutant: the unlock moved after the sleep)\n',
    },
    {
      find: '    yield* io_schedule_timeout(5 * HZ); // L262\n',
      replace: '    yield* io_schedule_timeout(5 * HZ); yield* spin_unlock_irqrestore(pool.lock, flags); // L262 (mutant: L256 after the sleep)\n',
    },
  ],
  caughtBy: ['NO-SLEEP-ATOMIC'],
};
