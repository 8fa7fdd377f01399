import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The pool's own allocations may fail while other threads run: T1's grow may get -ENOMEM from
 * kmalloc_array (L149-152, the pool unchanged) or go on to refill; T3 creates a second pool and
 * destroys it, through every failure path of mempool_create_node (no pool struct L77-79, no elements
 * array L80-85, a pre-fill that fails after a first one succeeded, L99-103), or creates it; T2
 * allocates and frees meanwhile. Element allocations fail as a choice too. Under weak memory T2's
 * free races the grow like resize3's (a known finding).
 */
export const metaFaults: Scenario = {
  name: 'meta-faults',
  description: 'metadata allocations fail as a choice: a grow that may get -ENOMEM and a second pool created through its failure paths, beside an alloc/free pair',
  min_nr: 1,
  backend: 'kmalloc',
  faults: CHOICE,
  metaFaults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'resize', n: 2 }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'create', min_nr: 2 }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
