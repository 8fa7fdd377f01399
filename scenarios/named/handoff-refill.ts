import { GFP_AWARE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The smp_wmb/smp_rmb hand-off (handoff3) with a concurrent refill: A takes the only reserve element
 * (its first pass fails, L214-218) and publishes it plainly; B receives it and frees it; C gets its
 * element from the allocator (a sleeping retry succeeds) and frees it too, so two frees race to refill
 * the one slot (L317-320) while B's test must see A's removal.
 */
export const handoffRefill: Scenario = {
  name: 'handoff-refill',
  description: 'A hands the last reserve element to B through memory while C frees an element of its own: two frees race to refill the slot',
  min_nr: 1,
  backend: 'slab',
  faults: GFP_AWARE,
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
