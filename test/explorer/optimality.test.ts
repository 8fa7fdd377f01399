/**
 * How close dpor comes to optimal (one execution per Mazurkiewicz trace) on the named scenarios: the
 * TraceRecorder turns every execution into its trace, so executions minus distinct traces counts the
 * redundant ones (source-set DPOR with sleep sets can still run an execution that ends blocked by its
 * sleep set, or repeat a trace after a lock blocks). The counts are exact: a change to the reduction
 * that loses traces, or adds redundant executions, shows here.
 */
import { describe, expect, it } from 'vitest';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { outcome } from './compare.ts';

// [scenario, executions, distinct traces]. dfs finds the same traces (checked below on the small ones,
// and on 200+ random programs in random-programs.test.ts); on trio3 plain dfs runs 1,687,410 executions
// to find the same 6,271 traces (bench/traces.ts, ~105 s: too slow for a test).
const EXPECTED: ReadonlyArray<readonly [string, number, number]> = [
  ['pair2', 10, 10],
  ['atomic2', 25, 24],
  ['grow2', 58, 58],
  ['handoff3', 10, 10],
  ['zero-min', 27, 19],
  ['resize-wake', 58, 58],
  ['trio3', 6280, 6271],
];

describe('dpor redundancy on the named scenarios', () => {
  for (const [name, executions, traces] of EXPECTED) {
    it(`${name}: ${executions} executions for ${traces} traces`, () => {
      const o = outcome(scenarioNamed(name), makeScheduler('dpor', { seed: 1 }), 1e7, false);
      expect(o.result.complete).toBe(true);
      expect(o.traces.size).toBe(traces);
      expect(o.result.executions).toBe(executions);
    });
  }

  it('small scenarios: every trace dfs finds, dpor finds', () => {
    for (const name of ['pair2', 'atomic2', 'handoff3', 'zero-min']) {
      const dfs = outcome(scenarioNamed(name), makeScheduler('dfs', { seed: 1 }), 1e7, false);
      const dpor = outcome(scenarioNamed(name), makeScheduler('dpor', { seed: 1 }), 1e7, false);
      expect([...dpor.traces].sort(), name).toEqual([...dfs.traces].sort());
    }
  });
});
