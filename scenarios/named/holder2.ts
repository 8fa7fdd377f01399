import { ALWAYS } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * Where NO-LOST-WAKEUP must pass: a pool with min_nr 2, a long-term holder (the setup thread keeps
 * one element for good), a waiter and frees, no resize. The allocator always fails, so T2 finds the
 * reserve empty once T1 took its last element, sleeps, and only T1's free (which refills the short
 * reserve, L317-322) can wake it. Unlike zero-min (no refill) and resize-wake (a refill that does not
 * wake), every way an element comes back here wakes the waiter.
 */
export const holder2: Scenario = {
  name: 'holder2',
  description: 'min_nr 2 with a long-term holder: a waiter sleeps on the empty reserve until the other caller frees; every free refills and wakes',
  min_nr: 2,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [{ op: 'alloc', gfp: 'GFP_KERNEL' }],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
