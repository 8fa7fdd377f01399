import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

export const resize3: Scenario = {
  name: 'resize3',
  description: 'a grow and a shrink race with an alloc/free pair',
  min_nr: 2,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'resize', n: 3 }] },
    { commands: [{ op: 'resize', n: 1 }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
