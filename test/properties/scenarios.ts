/** Small scenarios the property tests use beside the named ones (not part of the product's set). */
import { ALWAYS, CHOICE, GFP_AWARE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../../scenarios/spec.ts';

const allocFree = (gfp: 'GFP_KERNEL' | 'GFP_ATOMIC', zero = false) => ({ commands: [{ op: 'alloc', gfp, ...(zero ? { zero } : {}) }, { op: 'free' }] }) as const;

/** Two holders of a two-element reserve return their elements: each free must refill it. */
export const refill2: Scenario = {
  name: 'refill2',
  description: 'two threads take both reserve elements (the allocator always fails) and give them back',
  min_nr: 2,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [allocFree('GFP_KERNEL'), allocFree('GFP_KERNEL')],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};

/** Two __GFP_ZERO callers, one sleeping and one atomic: one warning between them. */
export const zero2: Scenario = {
  name: 'zero2',
  description: 'two callers pass __GFP_ZERO: VM_WARN_ON_ONCE fires once',
  min_nr: 1,
  backend: 'kmalloc',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [allocFree('GFP_KERNEL', true), allocFree('GFP_ATOMIC', true)],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};

/**
 * mempool_free's unlocked test (L317) reads curr_nr, then min_nr, without the lock; a shrink in
 * between lowers min_nr. T1 takes one of two elements and frees it, reading curr_nr 1 (min_nr 2);
 * T2 takes the other and shrinks to 1 (min_nr 1, curr_nr 0); T1 reads min_nr 1 and hands its element
 * to free_fn: the reserve was short at every instant, yet the seed does exactly this.
 */
export const tornShrink2: Scenario = {
  name: 'torn-shrink2',
  description: 'a free reads curr_nr before and min_nr after a concurrent shrink (L317) and gives its element away',
  min_nr: 2,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }, { op: 'resize', n: 1 }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};

/** The random program this was first reported on (strategies helper): the same torn read, three threads. */
export const tornShrink3: Scenario = {
  name: 'torn-shrink3',
  description: 'alloc(GFP_NOWAIT) | alloc(GFP_NOIO); free | alloc(GFP_KERNEL); resize(2) on a full pool of 3',
  min_nr: 3,
  backend: 'slab',
  faults: GFP_AWARE,
  timeouts: 'untimed',
  prefix: [],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_NOWAIT' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_NOIO' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'resize', n: 2 }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};

/**
 * The other operand order of L317 (C leaves it open, and two plain loads may be reordered): a free
 * reads min_nr 2 before a concurrent grow to 3, whose refill adds one element and then fails (the
 * resize returns 0 with the pool at 2 of 3, L170-171); the free reads curr_nr 2 and gives its element
 * away with the reserve short at every instant. Needs a port whose L317 loads min_nr first.
 */
export const tornGrow2: Scenario = {
  name: 'torn-grow2',
  description: 'a free reads min_nr before and curr_nr after a concurrent grow and refill, and gives its element away',
  min_nr: 2,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_NOWAIT' }, { op: 'free' }] }, { commands: [{ op: 'resize', n: 3 }] }],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};
