import type { Mutant } from './mutant.ts';

export const freeNoWake: Mutant = {
  name: 'free-no-wake',
  summary: 'mempool_free refills the reserve but forgets wake_up (L322)',
  breaks: 'a waiter sleeping on an empty pool is never told an element came back: lost wake-up, deadlock in untimed mode',
  file: 'free.ts',
  patches: [{ find: '      yield* wake_up(pool.wait); // L322\n', replace: '      // wake_up(&pool->wait) removed by the mutant // L322\n' }],
  caughtBy: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'],
};
