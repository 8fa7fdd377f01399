/**
 * Pool invariants are judged only where they are meant to hold: at step boundaries with the pool lock
 * free. With fine-grained steps a boundary can fall between two stores of add_element (L22) or
 * remove_element (L28); before the fix OWNERSHIP read the reserve there and reported the half-written
 * slot ("the reserve holds NULL") on grow2, resize-wake and resize3. Fine steps must give the verdicts
 * coarse steps give.
 */
import { describe, expect, it, vi } from 'vitest';
import { run } from './run.ts';

// Its slowest test took 55 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 240_000 });

const CASES = [
  { scenario: 'grow2', strategy: 'dpor' },
  { scenario: 'resize-wake', strategy: 'dpor' },
  // resize3 (unbounded: the grow/shrink livelock) is left out: fine steps make every unsequenced operand
  // pair an order choice (L21-L28, L161-L173), and its fine exploration within even 1 preemption did not
  // end within 5 minutes on a loaded 2-core machine. grow2 and resize-wake stop inside the same
  // add_element and remove_element.
] as const;

describe('monitors judge the pool only with its lock free', () => {
  for (const c of CASES) {
    it(`${c.scenario}: fine-grained steps fail exactly the properties coarse steps fail, and no OWNERSHIP`, () => {
      const options = { strategy: c.strategy };
      const fine = run(c.scenario, { ...options, overrides: { fineGrained: true } });
      const coarse = run(c.scenario, options);
      expect(fine.counts['OWNERSHIP']).toBeUndefined();
      expect(fine.result.failedProperties).toEqual(coarse.result.failedProperties);
      // Fine steps do stop inside critical sections (so the test can fail): more steps per execution.
      expect(fine.result.maxSteps).toBeGreaterThan(coarse.result.maxSteps);
    });
  }
});
