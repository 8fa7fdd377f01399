import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * The smallest program that shows resize refilling a pool under a sleeping waiter: the setup thread
 * holds the only reserve element (prefix alloc), T1 waits for one, T2 grows the pool and its refill
 * adds an element that T1 never hears about.
 */
export const resizeWake: Scenario = {
  name: 'resize-wake',
  description: 'a waiter sleeps on an empty pool while a resize refill adds an element (resize never wakes)',
  min_nr: 1,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [{ op: 'alloc', gfp: 'GFP_KERNEL' }],
  threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }] }, { commands: [{ op: 'resize', n: 2 }] }],
  finalDestroy: true,
  expected: {
    verdict: 'fail',
    properties: ['NO-LOST-WAKEUP'],
    why: 'mempool_resize adds elements (L174) but never calls wake_up',
  },
};
