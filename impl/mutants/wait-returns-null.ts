import type { Mutant } from './mutant.ts';

/**
 * A failed full-mask pass that finds the reserve empty returns NULL even for callers that may sleep
 * (L247's __GFP_WAIT test made unconditional): mempool_alloc degrades to a plain allocator and breaks
 * its one promise, that a sleeping caller always gets an element (the comment at L194-197).
 */
export const waitReturnsNull: Mutant = {
  name: 'wait-returns-null',
  summary: 'mempool_alloc returns NULL instead of waiting when the reserve is empty (L247 always true)',
  breaks: 'GFP_KERNEL/GFP_NOIO callers get NULL, which they never check (the guarantee at L194-197)',
  file: 'alloc.ts',
  patches: [
    {
      find: '    if (!(gfp_mask & __GFP_WAIT)) { // L247\n',
      replace: '    if (true) { // L247 (mutant: returns NULL whatever the mask)\n',
    },
  ],
  caughtBy: ['NEVER-NULL', 'LINEARIZABLE'],
};
