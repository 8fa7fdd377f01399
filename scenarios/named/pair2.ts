import { ALWAYS } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

export const pair2: Scenario = {
  name: 'pair2',
  description: 'two threads share a one-element reserve while the allocator always fails',
  min_nr: 1,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
