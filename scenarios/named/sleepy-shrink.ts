import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * Callbacks that may sleep (L60-62): free_fn may always sleep, alloc_fn when its mask allows. mempool
 * calls them only without its lock: the shrink drops it around free_fn (L139-141), alloc's first pass
 * strips __GFP_WAIT (L214) and the free hands its element to free_fn after the unlock (L325-327).
 */
export const sleepyShrink: Scenario = {
  name: 'sleepy-shrink',
  description: 'a shrink and an alloc/free pair on a backend whose callbacks may sleep',
  min_nr: 2,
  backend: 'slab',
  sleepingCallbacks: true,
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'resize', n: 1 }] }, { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] }],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
