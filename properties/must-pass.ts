/**
 * For every property, named scenarios where it must pass on the seed and where it is exercised: a
 * seeded bug fails it there. A known finding excuses a property on its own scenario (for its cause);
 * these are the places where the same property is held to the seed without excuse. NO-LOST-WAKEUP, for
 * one, fails on zero-min and resize-wake for known causes, and must pass on holder2: min_nr >= 2, a
 * long-term holder, a waiter and frees, no resize.
 */
export interface MustPass {
  readonly scenario: string;
  /** A mutant (impl/mutants) that fails the property on this scenario: proof that it is exercised there. */
  readonly mutant: string;
  /** Under this memory model (the property only fails under weak memory). */
  readonly memory?: 'sc' | 'weak';
}

export const MUST_PASS: Readonly<Record<string, readonly MustPass[]>> = {
  'BUG-FREE': [{ scenario: 'atomic2', mutant: 'free-no-recheck' }],
  BOUNDS: [{ scenario: 'grow2', mutant: 'grow-no-raced-check' }],
  OWNERSHIP: [
    { scenario: 'pair2', mutant: 'alloc-pop-unlocked' },
    { scenario: 'meta-faults', mutant: 'grow-no-null-check' },
  ],
  'NO-LEAK': [
    { scenario: 'pair2', mutant: 'destroy-leaks-reserve' },
    { scenario: 'meta-faults', mutant: 'create-leaks-prefill' },
  ],
  'NEVER-NULL': [
    { scenario: 'pair2', mutant: 'wait-returns-null' },
    { scenario: 'timed-rescue', mutant: 'wait-returns-null' },
  ],
  'FORCED-GFP': [
    { scenario: 'pair2', mutant: 'first-pass-wait' },
    { scenario: 'gfp-mix', mutant: 'first-pass-wait' },
  ],
  'NO-SLEEP-ATOMIC': [
    { scenario: 'pair2', mutant: 'sleep-under-lock' },
    { scenario: 'sleepy-shrink', mutant: 'shrink-free-under-lock' },
  ],
  RESERVE: [
    { scenario: 'handoff-lock', mutant: 'no-barriers', memory: 'weak' },
    { scenario: 'handoff-refill', mutant: 'free-no-rmb', memory: 'weak' },
  ],
  LINEARIZABLE: [{ scenario: 'pair2', mutant: 'alloc-reserve-first' }],
  'NO-LOST-WAKEUP': [
    { scenario: 'holder2', mutant: 'free-no-wake' },
    { scenario: 'pair2', mutant: 'free-no-wake' },
  ],
  'NO-DEADLOCK': [
    { scenario: 'pair2', mutant: 'free-no-wake' },
    { scenario: 'handoff3', mutant: 'no-barriers', memory: 'weak' },
  ],
  'FREE-SEES-REMOVAL': [
    { scenario: 'handoff3', mutant: 'alloc-no-wmb', memory: 'weak' },
    { scenario: 'handoff-lock', mutant: 'free-no-rmb', memory: 'weak' },
  ],
  'ZERO-WARN': [{ scenario: 'gfp-mix', mutant: 'no-zero-warn' }],
  'IMPL-CRASH': [
    { scenario: 'pair2', mutant: 'free-fn-unset' },
    { scenario: 'meta-faults', mutant: 'free-fn-unset' },
  ],
  TERMINATION: [{ scenario: 'pair2', mutant: 'destroy-endless' }],
  'KERNEL-OBJECTS': [
    { scenario: 'pair2', mutant: 'no-spin-lock-init' },
    { scenario: 'pair2', mutant: 'no-init-waitqueue-head' },
    { scenario: 'pair2', mutant: 'wait-head-outside-pool' },
    { scenario: 'timed-rescue', mutant: 'no-finish-wait' },
  ],
};
