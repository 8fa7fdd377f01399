import type { Mutant } from './mutant.ts';

/**
 * (c) No immediate retry with the full mask when the first pass failed and the reserve was empty: the
 * caller sleeps first and only then retries with __GFP_WAIT|__GFP_IO. This was the behaviour before
 * v3.3 ("mempool: fix first round failure behavior" added L236-244). Breaks progress: an allocation the
 * allocator would grant with reclaim instead waits up to 5 s for a free that may never come (in
 * `untimed` mode: forever).
 */
export const noImmediateRetry: Mutant = {
  name: 'no-immediate-retry',
  summary: 'after a failed first pass with an empty reserve, mempool_alloc sleeps instead of retrying at once with the full mask (pre-v3.3)',
  breaks: 'a __GFP_WAIT allocation the allocator would grant with reclaim sleeps for a free instead (L240-243 removed)',
  file: 'alloc.ts',
  patches: [
    {
      find: [
        '    if (gfp_temp !== gfp_mask) { // L240',
        '      yield* spin_unlock_irqrestore(pool.lock, flags); // L241',
        '      gfp_temp = gfp_mask; // L242',
        '      continue repeat_alloc; // L243',
        '    }',
        '',
      ].join('\n'),
      replace: '    gfp_temp = gfp_mask; // L242 (mutant, pre-v3.3: the full mask only after sleeping; L240-241, L243 gone)\n',
    },
  ],
  caughtBy: ['SEQUENTIAL', 'NO-DEADLOCK'],
};
