/**
 * Every seeded bug of impl/mutants/ exists as a C patch of the seed (c/mutants/registry.ts) and is
 * caught the same way as its port twin: by the same properties on the scenario the port's mutant tests
 * use, and by the sequential check with the same kind of disagreement. Each row is checked on both
 * twins here, so the table's claims do not rest on other test files.
 */
import { describe, expect, it } from 'vitest';
import { C_MUTANTS } from '../../c/mutants/registry.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { implNamed } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { implementationThrew } from '../../run/impl-throws.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { run } from '../properties/run.ts';
import { explore } from '../../explorer/explore.ts';
import { LIVELOCK } from '../../explorer/lasso.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { ALWAYS } from '../../kernel/rt/faults.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { refill2, zero2 } from '../properties/scenarios.ts';
import { cMutant } from './helpers.ts';

interface Row {
  readonly mutant: string;
  /** Where the explorer catches it, and by which properties (those the port's tests show there). */
  readonly scenario?: string | Scenario;
  readonly weak?: true;
  readonly properties?: readonly string[];
  /** The sequential check catches it (SEQUENTIAL in caughtBy). */
  readonly sequential?: true;
  /** Timeouts may fire (the bug needs a sleeper whose timeout fires). */
  readonly timed?: true;
  /**
   * pct (seed 1) or dpor instead of dfs (the port's mutant tests use all three): plain dfs flips the
   * deepest choices first, and the C's explicit operand orders (L317, L319, L21...) put many of them
   * under the schedule that exposes this bug.
   */
  readonly strategy?: 'pct' | 'dpor';
}

/**
 * The allocator always fails and T1 asks for a second element while holding the only one: nothing will
 * come back, so mempool_alloc polling instead of sleeping (busy-poll) is a livelock (as in
 * test/scenarios/livelock.test.ts, where the port's twin is shown on the same scenario).
 */
const noneWillCome: Scenario = {
  name: 'none-will-come',
  description: 'the allocator always fails: the one reserve element is all there is',
  min_nr: 1,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }, { op: 'free' }] }],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};


const TABLE: readonly Row[] = [
  { mutant: 'free-no-wake', scenario: 'pair2', properties: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'] },
  { mutant: 'alloc-reserve-first', scenario: 'pair2', properties: ['LINEARIZABLE'], sequential: true },
  { mutant: 'first-pass-wait', scenario: 'pair2', properties: ['FORCED-GFP'], sequential: true },
  { mutant: 'no-immediate-retry', sequential: true },
  { mutant: 'destroy-leaks-reserve', scenario: 'pair2', properties: ['NO-LEAK'], sequential: true },
  { mutant: 'create-leaks-prefill', sequential: true },
  { mutant: 'grow-no-copy', scenario: 'grow2', properties: ['OWNERSHIP'], sequential: true },
  { mutant: 'alloc-no-wmb', scenario: 'handoff3', weak: true, properties: ['RESERVE', 'NO-DEADLOCK', 'FREE-SEES-REMOVAL'] },
  { mutant: 'free-no-rmb', scenario: 'handoff3', weak: true, properties: ['RESERVE', 'NO-DEADLOCK', 'FREE-SEES-REMOVAL'] },
  { mutant: 'no-barriers', scenario: 'handoff3', weak: true, properties: ['RESERVE', 'NO-DEADLOCK', 'FREE-SEES-REMOVAL'] },
  { mutant: 'free-no-recheck', scenario: 'atomic2', properties: ['BUG-FREE'] },
  { mutant: 'grow-no-raced-check', scenario: 'grow2', properties: ['OWNERSHIP', 'BOUNDS', 'LINEARIZABLE'] },
  { mutant: 'prepare-after-unlock', scenario: 'pair2', properties: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'] },
  { mutant: 'alloc-pop-unlocked', scenario: 'pair2', properties: ['OWNERSHIP', 'LINEARIZABLE', 'NO-LOST-WAKEUP', 'BOUNDS', 'BUG-FREE'], strategy: 'pct' },
  { mutant: 'wait-returns-null', scenario: 'pair2', properties: ['NEVER-NULL'] },
  { mutant: 'sleep-under-lock', scenario: 'pair2', properties: ['NO-SLEEP-ATOMIC'] },
  { mutant: 'free-refills-only-empty', scenario: refill2, properties: ['RESERVE'] },
  { mutant: 'no-zero-warn', scenario: zero2, properties: ['ZERO-WARN'] },
  { mutant: 'no-spin-lock-init', scenario: 'pair2', properties: ['KERNEL-OBJECTS'] },
  { mutant: 'no-init-waitqueue-head', scenario: 'pair2', properties: ['KERNEL-OBJECTS'] },
  { mutant: 'wait-head-outside-pool', scenario: 'pair2', properties: ['KERNEL-OBJECTS'] },
  { mutant: 'no-finish-wait', scenario: 'pair2', timed: true, properties: ['KERNEL-OBJECTS'], strategy: 'dpor' },
  { mutant: 'busy-poll', scenario: noneWillCome, properties: ['LIVELOCK'], strategy: 'dpor' },
  { mutant: 'free-fn-unset', scenario: 'pair2', properties: ['IMPL-CRASH'] },
  { mutant: 'shrink-free-under-lock', scenario: 'sleepy-shrink', properties: ['NO-SLEEP-ATOMIC'] },
  { mutant: 'grow-no-null-check', scenario: 'meta-faults', properties: ['OWNERSHIP'], strategy: 'dpor' },
  { mutant: 'create-node-kernel-mask', sequential: true },
  { mutant: 'destroy-endless', scenario: 'pair2', properties: ['TERMINATION'], sequential: true },
];

const name = (s: string | Scenario): string => (typeof s === 'string' ? s : s.name);

/** A livelock is a fair lasso, found by the explorer with no monitor: the kind of evidence it rests on (null: none found). */
function livelock(impl: AnyPoolImpl, row: Row): string | null {
  const r = explore(scenarioProgram(row.scenario as Scenario, impl), makeScheduler(row.strategy ?? 'dfs', { seed: 1 }), monitorsFor({ ids: [] }), { maxExecutions: 10_000, stopOnFailure: true, keepFailures: 1 }, { maxSteps: 200 });
  return r.failedProperties.includes(LIVELOCK) ? (r.failures[0]?.lasso?.evidence.kind ?? '?') : null;
}

/** Whether a run with only `property`'s monitor finds it (dfs, up to the first failure). */
function caught(impl: AnyPoolImpl, row: Row, property: string): boolean {
  // implementationThrew: an exception of the implementation's is its IMPL-CRASH, as in every CLI run.
  const overrides = { implementationThrew, ...(row.weak ? { memory: memoryFactory({ model: 'weak', staleReads: 1 }) } : {}), ...(row.timed ? { timeouts: 'timed' as const } : {}) };
  const strategy = row.strategy === undefined ? {} : { strategy: row.strategy, seed: 1, strategyOptions: { runs: 2000 } };
  const r = run(row.scenario as string | Scenario, { impl, ids: [property], stopAt: property, maxExecutions: 20_000, overrides, ...strategy });
  return (r.counts[property] ?? 0) > 0;
}

describe('C mutants', () => {
  it('every port mutant has a C twin, and every C mutant a port twin', () => {
    const twins = [...MUTANTS.keys()].sort();
    expect([...C_MUTANTS.keys()].sort()).toEqual(twins);
    expect(TABLE.map((r) => r.mutant).sort()).toEqual(twins);
  });

  it("the table names only properties the port twin says catch it, and SEQUENTIAL exactly where it says so", () => {
    for (const row of TABLE) {
      const claims = MUTANTS.get(row.mutant)?.caughtBy ?? [];
      for (const p of row.properties ?? []) expect([row.mutant, claims]).toEqual([row.mutant, expect.arrayContaining([p])]);
      expect([row.mutant, row.sequential === true]).toEqual([row.mutant, claims.includes('SEQUENTIAL')]);
    }
  });

  // A row with no claim (an open item, commented in the table) has no tests of its own.
  for (const row of TABLE.filter((r) => (r.properties ?? []).length > 0 || r.sequential === true)) {
    describe(row.mutant, () => {
      for (const property of row.properties ?? []) {
        it(`caught by ${property} on ${name(row.scenario as string | Scenario)}${row.weak ? ' (weak memory)' : ''}, as its port twin is`, () => {
          if (property === LIVELOCK) {
            // The port's rests on the visible state, confirmed by replays (its operations are generators,
            // whose locals no fingerprint sees). The C twin's is exact: its scenario threads are explicit
            // (scenarios/command-thread-explicit.ts), their C calls' frames part of every fingerprint.
            expect(livelock(implNamed(`mutant:${row.mutant}`), row)).toBe('visible');
            expect(livelock(cMutant(row.mutant), row)).toBe('exact');
            return;
          }
          expect(caught(implNamed(`mutant:${row.mutant}`), row, property)).toBe(true);
          expect(caught(cMutant(row.mutant), row, property)).toBe(true);
        });
      }
      if (row.sequential) {
        it('the sequential check finds it, with the same kind of disagreement as the port twin', () => {
          const c = runSequentialCheck({ impl: cMutant(row.mutant), runs: 1000 });
          const port = runSequentialCheck({ impl: implNamed(`mutant:${row.mutant}`), runs: 1000 });
          expect(c.verdict).toBe('fail');
          expect(c.failure?.disagreement.what).toBe(port.failure?.disagreement.what);
          expect(c.failure?.shrunkLength).toBe(port.failure?.shrunkLength);
        });
      }
    });
  }
});
