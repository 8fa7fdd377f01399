import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

export const grow2: Scenario = {
  name: 'grow2',
  description: 'two concurrent grows: the only way to reach the "Raced" branch (L155-159)',
  min_nr: 1,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'resize', n: 3 }] }, { commands: [{ op: 'resize', n: 2 }] }],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
