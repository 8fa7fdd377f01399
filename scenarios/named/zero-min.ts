import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

export const zeroMin: Scenario = {
  name: 'zero-min',
  description: 'a pool with min_nr 0: a free never wakes a waiter (fixed upstream in v6.17)',
  min_nr: 0,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: {
    verdict: 'fail',
    properties: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'],
    why: 'with min_nr 0, curr_nr < min_nr (L317) is never true, so mempool_free never calls wake_up (L322)',
  },
};
