/**
 * The five seeded concurrency bugs the explorer must catch (issue #3, item 6): each on a scenario that
 * shows it, by every property it names in `caughtBy` (a run with only that property's monitor), while
 * the correct port passes the same scenario completely; then the same table with dpor, with bounded
 * preemption at the smallest bound that exposes each bug, and with pct within a stated number of runs.
 */
import { describe, expect, it } from 'vitest';
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
        // "At once": among dfs's first few hundred schedules (alloc-pop-unlocked on pair2 takes the
        // most, 263: its unlocked pop adds steps before the first that can go wrong).
        expect(r.executions).toBeLessThan(500);
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

describe('explorer mutants, dpor', () => {
  for (const c of CASES) {
    it(`finds mutant:${c.mutant} on ${c.scenario} at once, with only listed properties; the port passes completely`, () => {
      const r = run(c.scenario, { impl: `mutant:${c.mutant}`, strategy: 'dpor', stopAt: true });
      expect(r.result.verdict).toBe('fail');
      for (const p of r.result.failedProperties) expect(caughtBy(c.mutant)).toContain(p);
      const port = run(c.scenario, { strategy: 'dpor' });
      expect([port.result.verdict, port.result.complete]).toEqual(['pass', true]);
      // "At once": within the executions dpor needs for the whole scenario on the port.
      expect(r.executions).toBeLessThanOrEqual(port.executions);
    });
  }
});

/** The fewest preemptions that expose each mutant (measured; bounded proves none fewer suffices). */
const SMALLEST_K: Readonly<Record<string, number>> = {
  'free-no-recheck': 1,
  'grow-no-raced-check': 1,
  'prepare-after-unlock': 2,
  'free-no-wake': 1,
  'alloc-pop-unlocked': 2,
};

describe('explorer mutants, bounded: found at the smallest preemption bound that exposes them', () => {
  for (const c of CASES) {
    const k = SMALLEST_K[c.mutant] as number;
    it(`mutant:${c.mutant} on ${c.scenario}: passes every schedule with ${k - 1} preemption(s), fails with ${k}`, () => {
      const below = run(c.scenario, { impl: `mutant:${c.mutant}`, strategy: 'bounded', strategyOptions: { maxPreemptions: k - 1 } });
      // Every schedule within the bound ran and passed (incomplete only because longer ones were cut).
      expect([below.result.stoppedBy, below.result.failedExecutions]).toEqual(['done', 0]);
      expect(below.result.coverage).toContain(`at most ${k - 1} preemption`);
      const at = run(c.scenario, { impl: `mutant:${c.mutant}`, strategy: 'bounded', strategyOptions: { maxPreemptions: k }, stopAt: true });
      expect(at.result.verdict).toBe('fail');
      for (const p of at.result.failedProperties) expect(caughtBy(c.mutant)).toContain(p);
    });
  }
});

/** pct (depth 3): each mutant found within this many runs, for each of the seeds below. */
const PCT_RUNS = 500;

describe(`explorer mutants, pct: found within ${PCT_RUNS} runs for seeds 1-3`, () => {
  for (const c of CASES) {
    it(`mutant:${c.mutant} on ${c.scenario}`, () => {
      for (const seed of [1, 2, 3]) {
        const r = run(c.scenario, { impl: `mutant:${c.mutant}`, strategy: 'pct', seed, stopAt: true, strategyOptions: { runs: PCT_RUNS } });
        expect([seed, r.result.verdict]).toEqual([seed, 'fail']);
        expect(r.executions).toBeLessThanOrEqual(PCT_RUNS);
      }
    });
  }
});
