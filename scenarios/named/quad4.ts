import { CHOICE } from '../../kernel/rt/faults.ts';
import { GROW_SHRINK_LIVELOCK, type Scenario } from '../spec.ts';

const allocFree = { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] } as const;

export const quad4: Scenario = {
  name: 'quad4',
  description: 'a grow and a shrink race with two alloc/free pairs: the resize lost wake-up without any holder',
  min_nr: 2,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'resize', n: 3 }] }, { commands: [{ op: 'resize', n: 1 }] }, allocFree, allocFree],
  finalDestroy: true,
  expected: {
    verdict: 'fail',
    properties: ['NO-LOST-WAKEUP', 'NO-DEADLOCK', 'LIVELOCK'],
    why: `a grow refill (L174) adds an element while an allocator sleeps, and resize never wakes it (with no caller holding an element, it then sleeps for good); and ${GROW_SHRINK_LIVELOCK}`,
  },
  // The livelock is resize3's: T3 and T4 return, then T1 and T2 loop as there.
  bound: { maxPreemptions: 2, weakMaxPreemptions: 1, why: GROW_SHRINK_LIVELOCK },
};
