import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The timeout of L262 at work: the setup thread keeps an element for good, so nobody ever frees one
 * to T1; T1's allocation can end only when its 5*HZ sleep times out (timed mode, a scheduler choice)
 * and the allocator, which may fail any call, has recovered by its retry (L264-265, L218). T2
 * allocates atomically meanwhile. Explores the return by timeout and the retry after it concurrently;
 * the waiter's entry must be off the queue when it returns (finish_wait, L264), and its sleep a real
 * one (a zero timeout busy-polls).
 */
export const timedRescue: Scenario = {
  name: 'timed-rescue',
  description: 'a waiter that only its timeout and a recovering allocator can rescue (a long-term holder keeps the reserve empty), beside an atomic allocation',
  min_nr: 1,
  backend: 'pages',
  faults: CHOICE,
  timeouts: 'timed',
  prefix: [{ op: 'alloc', gfp: 'GFP_KERNEL' }],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_NOWAIT' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
