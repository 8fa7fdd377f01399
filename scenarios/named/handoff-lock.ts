import { ALWAYS } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../spec.ts';

/**
 * handoff3 with the element published through a lock: A takes the last reserve element and stores it
 * holding a spinlock (as a producer filling a lock-protected slot), B polls the slot without the lock
 * and frees what it finds; C needs an element too. A's unlock of the pool lock followed by its lock of
 * the hand-off lock orders A's removal (curr_nr, L28) before its publication: smp_wmb (L227) is
 * redundant here. B's side has no barrier but smp_rmb (L298): without it B may still read the old
 * curr_nr, hand the element to free_fn and leave C asleep for good. (With the lock on both sides
 * neither barrier matters; with it on the receiver's side only, both do: test/weak/handoff-shapes.)
 */
export const handoffLock: Scenario = {
  name: 'handoff-lock',
  description: 'A allocs the last reserve element and publishes it holding a spinlock, B polls for it and frees it, C allocs and frees; the allocator always fails',
  min_nr: 1,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { name: 'A', commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'publish', var: 0, locked: true }] },
    { name: 'B', commands: [{ op: 'receive', var: 0 }, { op: 'free' }] },
    { name: 'C', commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
