/**
 * A known finding on the seed (properties/known-findings.ts): in resize3 and quad4, a grow's refill
 * loop (L167-174) and a concurrent shrink loop (L137-141) can pass one element back and forth forever.
 * Each iteration drops the lock for an allocator call, so an adversarial schedule that alternates the
 * two resizers, with every allocation succeeding, never ends: the step limit reports it (STEP-LIMIT).
 * This is why no complete exploration of these scenarios can pass without bounding the run length.
 */
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../explorer/execution.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { v41 } from '../../impl/v4.1/index.ts';
import { isKnownFinding } from '../../properties/known-findings.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

/** T1 (the grow) twice, then T2 (the shrink) and T1 in turn; every allocation succeeds. */
function pingPong(): Scheduler {
  let picks = 0;
  return {
    name: 'ping-pong',
    beginExecution: () => true,
    pickThread(enabled) {
      const want = picks < 2 ? 1 : picks % 2 === 0 ? 2 : 1;
      picks += 1;
      return enabled.includes(want) ? want : (enabled[0] as number);
    },
    pickValue: () => 0,
    endExecution() {},
    isComplete: () => false,
    coverage: () => 'one adversarial schedule',
  };
}

describe('the grow/shrink livelock of the seed', () => {
  for (const name of ['resize3', 'quad4']) {
    it(`${name}: alternating the two resizers never ends (STEP-LIMIT), with no other property failing`, () => {
      const r = runExecution(scenarioProgram(scenarioNamed(name), v41), pingPong(), monitorsFor(), { maxSteps: 600 });
      expect(r.end).toBe('step-limit');
      expect(r.violations.map((v) => v.property)).toEqual(['STEP-LIMIT']);
      // Every pass of either loop calls its allocator: the refill allocates, the shrink frees.
      expect(r.kernel.allocators.calls.length).toBeGreaterThan(250);
      expect(isKnownFinding(name, 'v4.1', 'STEP-LIMIT')).toBe(true);
    });
  }
});
