/** Small scenarios the property tests use beside the named ones (not part of the product's set). */
import { ALWAYS, CHOICE } from '../../kernel/rt/faults.ts';
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
