/**
 * Every property can fail, and the port passes it: for each property, a mutant on which a run with
 * only that property's monitor reports it, and a complete exploration of the same scenario on the
 * port that passes with every monitor. (Runtime-detected properties are reported whatever monitors run.)
 */
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { propertyIds } from '../../properties/registry.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import type { KernelOverrides } from '../../scenarios/program.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { implementationThrew } from '../../run/impl-throws.ts';
import { run } from './run.ts';
import { refill2, zero2 } from './scenarios.ts';

interface Row {
  readonly property: string;
  readonly mutant: string;
  readonly scenario: string | Scenario;
  /** A phrase of the violation's message. */
  readonly says: RegExp;
  /** Kernel settings of both runs (e.g. the weak memory model). */
  readonly overrides?: KernelOverrides;
}

const TABLE: readonly Row[] = [
  { property: 'BUG-FREE', mutant: 'free-no-recheck', scenario: 'atomic2', says: /kernel BUG/ },
  { property: 'BOUNDS', mutant: 'grow-no-raced-check', scenario: 'grow2', says: /curr_nr 3 outside \[0, min_nr 2\]/ },
  { property: 'OWNERSHIP', mutant: 'alloc-pop-unlocked', scenario: 'pair2', says: /two places|already freed|unallocated or freed memory/ },
  { property: 'NO-LEAK', mutant: 'destroy-leaks-reserve', scenario: 'pair2', says: /still live after mempool_destroy.*kmem_cache_alloc/ },
  { property: 'NEVER-NULL', mutant: 'wait-returns-null', scenario: 'pair2', says: /GFP_KERNEL\) returned NULL/ },
  { property: 'FORCED-GFP', mutant: 'first-pass-wait', scenario: 'pair2', says: /first alloc_fn call .* L214/ },
  { property: 'NO-SLEEP-ATOMIC', mutant: 'sleep-under-lock', scenario: 'pair2', says: /about to sleep .* spinlock/ },
  { property: 'RESERVE', mutant: 'free-refills-only-empty', scenario: refill2, says: /gave e0\.\d to free_fn/ },
  { property: 'LINEARIZABLE', mutant: 'alloc-reserve-first', scenario: 'pair2', says: /must call alloc_fn/ },
  { property: 'NO-LOST-WAKEUP', mutant: 'free-no-wake', scenario: 'pair2', says: /asleep .* reserve holds 1/ },
  { property: 'NO-DEADLOCK', mutant: 'free-no-wake', scenario: 'pair2', says: /asleep for good/ },
  { property: 'FREE-SEES-REMOVAL', mutant: 'alloc-no-wmb', scenario: 'handoff3', says: /older than the removal/, overrides: { memory: memoryFactory({ model: 'weak' }) } },
  { property: 'ZERO-WARN', mutant: 'no-zero-warn', scenario: zero2, says: /without the VM_WARN_ON_ONCE warning/ },
  { property: 'KERNEL-OBJECTS', mutant: 'no-spin-lock-init', scenario: 'pair2', says: /spin_lock on 0x[0-9a-f]+ before spin_lock_init/ },
  // The exception is thrown where the call through the unset pointer lands (the port's stand-in for NULL, L77), called from mempool_free (L327) or mempool_destroy (L43).
  { property: 'IMPL-CRASH', mutant: 'free-fn-unset', scenario: 'pair2', says: /^mempool_t: alloc\/free called before mempool_create_node set them \(thrown at impl\/v4\.1\/mutant:free-fn-unset\/mempool_t\.ts:\d+, L77 via L(327|43), in mempool_(free|destroy)\)$/, overrides: { implementationThrew } },
];

const nameOf = (s: string | Scenario): string => (typeof s === 'string' ? s : s.name);

describe('each property fails on a mutant and passes on the port', () => {
  it('the table covers every registered property, and every mutant names the property it breaks', () => {
    expect(TABLE.map((r) => r.property).sort()).toEqual(propertyIds().sort());
    for (const r of TABLE) expect(MUTANTS.get(r.mutant)?.caughtBy).toContain(r.property);
  });

  for (const r of TABLE) {
    it(`${r.property}: mutant:${r.mutant} on ${nameOf(r.scenario)}`, () => {
      const overrides = r.overrides ?? {};
      const caught = run(r.scenario, { impl: `mutant:${r.mutant}`, ids: [r.property], stopAt: r.property, maxExecutions: 20_000, overrides });
      expect(caught.counts[r.property]).toBeGreaterThan(0);
      expect(caught.messages[r.property]).toMatch(r.says);

      const port = run(r.scenario, { overrides });
      expect(port.result.verdict).toBe('pass');
      expect(port.result.complete).toBe(true);
    });
  }
});
