/**
 * Seeded bugs of the model (the -DMUTANT_* switches of mempool.pml), each with a scenario that reaches
 * it and what SPIN must report: the models' assertions and end-state checks shown failing.
 */
export interface SpinMutant {
  readonly name: string;
  readonly define: string;
  readonly scenario: string;
  /** pan's first error must start with this. */
  readonly expect: 'assertion violated' | 'invalid end state';
}

export const SPIN_MUTANTS: readonly SpinMutant[] = [
  { name: 'free-no-recheck', define: 'MUTANT_FREE_NO_RECHECK', scenario: 'trio3', expect: 'assertion violated' },
  { name: 'free-no-wake', define: 'MUTANT_FREE_NO_WAKE', scenario: 'trio3', expect: 'invalid end state' },
  { name: 'prepare-after-unlock', define: 'MUTANT_PREPARE_AFTER_UNLOCK', scenario: 'trio3', expect: 'invalid end state' },
  { name: 'alloc-pop-unlocked', define: 'MUTANT_ALLOC_POP_UNLOCKED', scenario: 'trio3', expect: 'assertion violated' },
  { name: 'grow-no-refill-recheck', define: 'MUTANT_GROW_NO_REFILL_RECHECK', scenario: 'resize3', expect: 'assertion violated' },
  { name: 'destroy-leaks-reserve', define: 'MUTANT_DESTROY_LEAKS_RESERVE', scenario: 'trio3', expect: 'assertion violated' },
];
