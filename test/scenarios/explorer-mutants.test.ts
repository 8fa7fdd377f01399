/**
 * The five seeded concurrency bugs the explorer must catch (issue #3, item 6): each on a scenario that
 * shows it, by every property it names in `caughtBy` (a run with only that property's monitor), while
 * the correct port passes the same scenario completely. Reducing and bounded strategies run the same
 * table once they are registered.
 */
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../explorer/strategies/registry.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { run } from '../properties/run.ts';

interface Case {
  readonly mutant: string;
  readonly scenario: string;
}

const CASES: readonly Case[] = [
  { mutant: 'free-no-recheck', scenario: 'atomic2' },
  { mutant: 'grow-no-raced-check', scenario: 'grow2' },
  { mutant: 'prepare-after-unlock', scenario: 'pair2' },
  { mutant: 'free-no-wake', scenario: 'pair2' },
  { mutant: 'alloc-pop-unlocked', scenario: 'pair2' },
];

const caughtBy = (mutant: string): readonly string[] => MUTANTS.get(mutant)?.caughtBy ?? [];

describe('explorer mutants, dfs', () => {
  for (const c of CASES) {
    describe(`mutant:${c.mutant} on ${c.scenario}`, () => {
      it('is registered and names what catches it', () => {
        expect(caughtBy(c.mutant).length).toBeGreaterThan(0);
      });

      for (const property of caughtBy(c.mutant)) {
        it(`is caught by ${property}`, () => {
          const r = run(c.scenario, { impl: `mutant:${c.mutant}`, ids: [property], stopAt: property, maxExecutions: 50_000 });
          expect(r.counts[property]).toBeGreaterThan(0);
        });
      }

      it('with every monitor, the first failing execution is found at once and fails only listed properties', () => {
        const r = run(c.scenario, { impl: `mutant:${c.mutant}`, stopAt: true });
        expect(r.result.verdict).toBe('fail');
        expect(r.executions).toBeLessThan(100);
        for (const p of r.result.failedProperties) expect(caughtBy(c.mutant)).toContain(p);
      });
    });
  }

  it('the port passes each of these scenarios, completely', () => {
    for (const scenario of new Set(CASES.map((c) => c.scenario))) {
      const r = run(scenario);
      expect([scenario, r.result.verdict, r.result.complete]).toEqual([scenario, 'pass', true]);
    }
  });
});

/** Strategies that land later run the same table: each mutant found within this many executions. */
const LATER: Readonly<Record<string, number>> = { dpor: 10_000, bounded: 10_000, pct: 2_000 };

for (const [strategy, budget] of Object.entries(LATER)) {
  describe.runIf(STRATEGIES.has(strategy))(`explorer mutants, ${strategy}`, () => {
    for (const c of CASES) {
      it(`finds mutant:${c.mutant} on ${c.scenario} within ${budget} executions`, () => {
        const r = run(c.scenario, { impl: `mutant:${c.mutant}`, strategy, seed: 1, stopAt: true, maxExecutions: budget });
        expect(r.result.verdict).toBe('fail');
        for (const p of r.result.failedProperties) expect(caughtBy(c.mutant)).toContain(p);
      });
    }
  });
}
