import type { Mutant } from './mutant.ts';

/**
 * mempool_free refills the reserve only when it is empty (L317 tests curr_nr == 0 instead of
 * curr_nr < min_nr): a pool whose reserve is partly used hands the returning elements to free_fn and
 * stays short, so the next burst of allocations finds fewer reserved elements than min_nr promises.
 */
export const freeRefillsOnlyEmpty: Mutant = {
  name: 'free-refills-only-empty',
  summary: 'mempool_free refills only an empty reserve (L317: curr_nr == 0 instead of curr_nr < min_nr)',
  breaks: 'a partly used reserve is never topped up again: fewer than min_nr elements stay guaranteed',
  file: 'free.ts',
  patches: [
    {
      find: '  if (unlikely(less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr))))) { // L317\n',
      replace: '  if (unlikely((yield* load(pool.curr_nr)) === 0)) { // L317 (mutant: only an empty reserve)\n',
    },
  ],
  caughtBy: ['RESERVE', 'LINEARIZABLE'],
};
