/**
 * Pool invariants are judged only where they are meant to hold: at step boundaries with the pool lock
 * free. With fine-grained steps a boundary can fall between two stores of add_element (L22) or
 * remove_element (L28); before the fix OWNERSHIP read the reserve there and reported the half-written
 * slot ("the reserve holds NULL") on grow2, resize-wake and resize3. Fine steps must give the verdicts
 * coarse steps give.
 */
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';

const CASES = [
  { scenario: 'grow2', strategy: 'dpor' },
  { scenario: 'resize-wake', strategy: 'dpor' },
  // Unbounded (the grow/shrink livelock): every execution within 2 preemptions.
  { scenario: 'resize3', strategy: 'bounded-dpor', maxPreemptions: 2 },
] as const;

describe('monitors judge the pool only with its lock free', () => {
  for (const c of CASES) {
    it(`${c.scenario}: fine-grained steps fail exactly the properties coarse steps fail, and no OWNERSHIP`, () => {
      const options = { strategy: c.strategy, ...('maxPreemptions' in c ? { strategyOptions: { maxPreemptions: c.maxPreemptions } } : {}) };
      const fine = run(c.scenario, { ...options, overrides: { fineGrained: true } });
      const coarse = run(c.scenario, options);
      expect(fine.counts['OWNERSHIP']).toBeUndefined();
      expect(fine.result.failedProperties).toEqual(coarse.result.failedProperties);
      // Fine steps do stop inside critical sections (so the test can fail): more steps per execution.
      expect(fine.result.maxSteps).toBeGreaterThan(coarse.result.maxSteps);
    });
  }
});
