import type { Mutant } from './mutant.ts';

/**
 * (f) mempool_resize grows into a new elements array without copying the old one (L161-162 dropped).
 * Breaks OWNERSHIP and the reserve: the reserve's slots now hold NULL (the new array's zeroes) and the
 * elements that were there are lost (leaked); a later alloc from the reserve returns NULL.
 */
export const growNoCopy: Mutant = {
  name: 'grow-no-copy',
  summary: 'mempool_resize grow forgets to copy the old elements into the new array (L161-162)',
  breaks: 'the reserve holds garbage after a grow and its elements leak (OWNERSHIP, NO-LEAK, NEVER-NULL)',
  file: 'resize.ts',
  patches: [
    {
      find: '      yield* memcpy(new_elements, ...(yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)))); // L161-162\n',
      replace: '      // memcpy(new_elements, pool->elements, ...) dropped by the mutant // L161-162\n',
    },
  ],
  caughtBy: ['SEQUENTIAL', 'OWNERSHIP', 'NO-LEAK'],
};
