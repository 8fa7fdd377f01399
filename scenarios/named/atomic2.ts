import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

export const atomic2: Scenario = {
  name: 'atomic2',
  description: 'an atomic allocation (may get NULL) races with a sleeping one',
  min_nr: 1,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
