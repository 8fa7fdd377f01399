import { GFP_AWARE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The GFP classes no other scenario uses, __GFP_ZERO, and an interrupt handler: T1 allocates with
 * GFP_NOFS|__GFP_ZERO (the warning of L207, otherwise ignored), T2 in an interrupt handler with
 * GFP_NOWAIT (NULL when the allocator fails and the reserve is empty; its free is then free(NULL),
 * L281-282), T3 with GFP_NOIO. The allocator fails exactly the calls without __GFP_WAIT, so every
 * first pass fails (L214, L218) and a sleeping caller's retry succeeds (L240-243).
 */
export const gfpMix: Scenario = {
  name: 'gfp-mix',
  description: 'GFP_NOFS|__GFP_ZERO, GFP_NOWAIT in an interrupt handler (may get NULL, then frees NULL) and GFP_NOIO on one reserve element',
  min_nr: 1,
  backend: 'kmalloc',
  faults: GFP_AWARE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_NOFS', zero: true }, { op: 'free' }] },
    { atomic: true, commands: [{ op: 'alloc', gfp: 'GFP_NOWAIT' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_NOIO' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
