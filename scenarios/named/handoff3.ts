import { ALWAYS } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The fringe case of the smp_wmb (L227) / smp_rmb (L298) pair, as the seed's comment at L285-296 tells
 * it: A takes the last reserve element and hands it over with a plain publish, B spins until it sees
 * the element and frees it, C needs an element too. Without either barrier, under weak memory, B may
 * read the `curr_nr` from before A's removal, give the element to free_fn, and leave C asleep for good.
 */
export const handoff3: Scenario = {
  name: 'handoff3',
  description: 'A allocs the last reserve element and publishes it, B receives and frees it, C allocs and frees; the allocator always fails',
  min_nr: 1,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { name: 'A', commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'publish', var: 0 }] },
    { name: 'B', commands: [{ op: 'receive', var: 0 }, { op: 'free' }] },
    { name: 'C', commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
