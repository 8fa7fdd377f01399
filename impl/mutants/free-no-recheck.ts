import type { Mutant } from './mutant.ts';

/**
 * mempool_free trusts its unlocked test (L317) and pushes without re-checking curr_nr < min_nr under
 * the lock (L319). Two frees that both saw the reserve one short both push: the second adds to a full
 * reserve, which add_element's BUG_ON (L21) catches; without that BUG_ON it would write past the array.
 * This is why the seed's comment calls the L317 test a hint and repeats it under the lock.
 */
export const freeNoRecheck: Mutant = {
  name: 'free-no-recheck',
  summary: 'mempool_free pushes without re-checking curr_nr < min_nr under the lock (L319)',
  breaks: 'two racing frees that both saw the reserve one short both push: add to a full reserve (BUG_ON L21), reserve overflow',
  file: 'free.ts',
  patches: [
    {
      find: '    if (likely((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr)))) { // L319\n',
      replace: '    if (likely(true)) { // L319 (mutant: no re-check under the lock)\n',
    },
  ],
  // The killed free leaves its element nowhere: the history and the final destroy show it too.
  caughtBy: ['BUG-FREE', 'LINEARIZABLE', 'NO-LEAK'],
};
