import type { Mutant } from './mutant.ts';

/**
 * mempool_alloc tests curr_nr and pops the reserve without taking the pool lock (L222 moved below the
 * pop path). Two allocators that both see curr_nr == 1 both take the same element; a pop racing with a
 * free's push loses an update of curr_nr. The lock is still taken for the empty-reserve path, so the
 * rest of the function runs as in the seed, but after an unlocked emptiness test: a free between that
 * test and prepare_to_wait wakes nobody.
 */
export const allocPopUnlocked: Mutant = {
  name: 'alloc-pop-unlocked',
  summary: 'mempool_alloc pops from the reserve without taking the lock (L222-225)',
  breaks:
    'two racing allocators take the same element (one element with two callers), a pop and a push lose an update (curr_nr off, BUG_ON), and the empty test is no longer atomic with prepare_to_wait (a lost wake-up)',
  file: 'alloc.ts',
  patches: [
    {
      find:
        '    flags = yield* spin_lock_irqsave(pool.lock); // L222\n' +
        '    if (likely(yield* load(pool.curr_nr))) { // L223\n' +
        '      element = yield* remove_element(pool); // L224\n' +
        '      yield* spin_unlock_irqrestore(pool.lock, flags); // L225\n',
      replace:
        '    // L222 (mutant: the lock is taken only below, after the pop path)\n' +
        '    if (likely(yield* load(pool.curr_nr))) { // L223 (mutant: unlocked)\n' +
        '      element = yield* remove_element(pool); // L224 (mutant: unlocked)\n' +
        '      // L225 (mutant: nothing to unlock)\n',
    },
    {
      find: '    if (gfp_temp !== gfp_mask) { // L240\n',
      replace: '    flags = yield* spin_lock_irqsave(pool.lock); if (gfp_temp !== gfp_mask) { // L240 (mutant: L222 moved here)\n',
    },
  ],
  // One element handed to two callers breaks everything downstream of it (each judged on the whole run).
  caughtBy: ['OWNERSHIP', 'LINEARIZABLE', 'NO-LOST-WAKEUP', 'BOUNDS', 'BUG-FREE', 'NEVER-NULL', 'NO-DEADLOCK', 'NO-LEAK', 'RESERVE'],
};
