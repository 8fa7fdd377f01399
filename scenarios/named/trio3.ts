import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

const allocFree = { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] } as const;

export const trio3: Scenario = {
  name: 'trio3',
  description: 'three threads alloc and free on a two-element reserve; every allocation may fail',
  min_nr: 2,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [allocFree, allocFree, allocFree],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
