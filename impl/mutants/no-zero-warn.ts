import type { Mutant } from './mutant.ts';

/** mempool_alloc accepts __GFP_ZERO silently (L207's VM_WARN_ON_ONCE removed): callers never learn it is ignored. */
export const noZeroWarn: Mutant = {
  name: 'no-zero-warn',
  summary: 'mempool_alloc does not warn about __GFP_ZERO (L207 removed)',
  breaks: 'a caller relying on zeroed elements gets reserve elements with old contents and no warning',
  file: 'alloc.ts',
  patches: [
    {
      find: '  yield* VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO); // L207\n',
      replace: '  // VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO) removed by the mutant // L207\n',
    },
  ],
  caughtBy: ['ZERO-WARN'],
};
