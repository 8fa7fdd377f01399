import type { Mutant } from './mutant.ts';

/**
 * (e) When a pre-fill allocation fails part-way, mempool_create_node frees the array and the pool but
 * not the elements it already pre-filled (kfree instead of mempool_destroy at L101). Breaks NO-LEAK:
 * the pre-filled elements stay live and nobody holds them.
 */
export const createLeaksPrefill: Mutant = {
  name: 'create-leaks-prefill',
  summary: 'a failed mempool_create_node frees the array and the pool but not the elements it pre-filled (L101)',
  breaks: 'the elements pre-filled before a failing pre-fill leak (NO-LEAK)',
  file: 'create.ts',
  patches: [
    {
      find: '      yield* mempool_destroy(pool); // L101\n',
      replace: [
        '      yield* kfree(yield* load(pool.elements)); // L101 (mutant: mempool_destroy without its L41-44 loop)',
        '      yield* kfree(pool); // L101 (mutant)',
        '',
      ].join('\n'),
    },
  ],
  // The leaked elements are also in no place while live (OWNERSHIP's accounting at the end).
  caughtBy: ['SEQUENTIAL', 'NO-LEAK', 'OWNERSHIP'],
};
