import type { Mutant } from './mutant.ts';

/**
 * (d) mempool_destroy frees the array and the pool but not the elements in the reserve (the L41-44
 * loop never runs). Breaks NO-LEAK: every reserve element stays live in its allocator after destroy.
 */
export const destroyLeaksReserve: Mutant = {
  name: 'destroy-leaks-reserve',
  summary: 'mempool_destroy skips the loop that hands reserve elements to free_fn (L41-44)',
  breaks: 'the reserve elements leak at destroy (NO-LEAK)',
  file: 'create.ts',
  patches: [
    {
      find: '  while (yield* load(pool.curr_nr)) { // L41\n',
      replace: '  while (false && (yield* load(pool.curr_nr))) { // L41 (mutant: the reserve is never freed)\n',
    },
  ],
  caughtBy: ['SEQUENTIAL', 'NO-LEAK'],
};
