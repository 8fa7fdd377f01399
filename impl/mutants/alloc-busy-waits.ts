import type { Mutant } from './mutant.ts';

/**
 * mempool_alloc retries at once instead of sleeping until a free wakes it (L253-L264 removed): with the
 * reserve empty and the allocator failing, the caller spins on the pool lock. When some other thread
 * will free an element, a fair scheduler lets it, and the spinner gets the element (only an unfair
 * schedule spins forever). When nothing will ever free one, the spinner loops forever without
 * progress: a livelock, where the seed sleeps.
 */
export const allocBusyWaits: Mutant = {
  name: 'alloc-busy-waits',
  summary: 'mempool_alloc spins (unlock and retry) instead of waiting on the pool (L253-L264 removed)',
  breaks: 'a caller that cannot get an element spins on the pool lock for ever instead of sleeping: a livelock when no element will come back',
  file: 'alloc.ts',
  patches: [
    {
      find: '    yield* init_wait(wait); // L253\n    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE); // L254\n',
      replace: '    // L253-L254 (mutant: no wait entry)\n',
    },
    {
      find: '    yield* io_schedule_timeout(5 * HZ); // L262\n\n    yield* finish_wait(pool.wait, wait); // L264\n',
      replace: '    // L262-L264 (mutant: no sleep, retry at once)\n',
    },
  ],
  caughtBy: ['LIVELOCK'],
};
