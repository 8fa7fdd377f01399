import type { Mutant } from './mutant.ts';

/**
 * (b) The first pass keeps __GFP_WAIT: `gfp_temp = gfp_mask & ~__GFP_IO`. Breaks FORCED-GFP: the first
 * alloc_fn call may enter direct reclaim and sleep although the reserve could satisfy the caller at once,
 * which is what the two-pass scheme (L236-238) exists to avoid.
 */
export const firstPassWait: Mutant = {
  name: 'first-pass-wait',
  summary: 'the first mempool_alloc pass keeps __GFP_WAIT (L214 clears only __GFP_IO)',
  breaks: 'the first alloc_fn call may sleep in reclaim although the reserve has elements (FORCED-GFP, L214)',
  file: 'alloc.ts',
  patches: [
    {
      find: '  gfp_temp = gfp_mask & ~(__GFP_WAIT | __GFP_IO); // L214\n',
      replace: '  gfp_temp = gfp_mask & ~__GFP_IO; // L214 (mutant: __GFP_WAIT kept)\n',
    },
  ],
  caughtBy: ['SEQUENTIAL', 'FORCED-GFP'],
};
