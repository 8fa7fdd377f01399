/**
 * The acceptance test of the C front end (issue 10): the seed's C, unmodified, explores exactly what
 * the port explores — the same kernel operations, with the same results, for the same choices, in every
 * execution — on every named scenario, memory model and strategy, and on random scenarios; the
 * sequential model-based check passes on it as on the port.
 *
 * The reference is the port with its unsequenced operands explicit (port-unsequenced.ts) while
 * impl/v4.1 does not use kernel/api's `unsequenced` itself; then the port directly. Explorations are
 * cut at a number of executions: equal operations for equal choices make every later execution equal
 * too (an execution is a function of its choices), and the cut is the same on both sides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PORT } from '../../impl/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { exploreWithOps, firstDifference, type DiffOptions } from './differential.ts';
import { seedImpl } from './helpers.ts';
import { portWithUnsequenced } from './port-unsequenced.ts';

const reference = portWithUnsequenced() ?? PORT;
const c = seedImpl();

const STRATEGIES: readonly Pick<DiffOptions, 'strategy' | 'strategyOptions'>[] = [
  { strategy: 'dfs' },
  { strategy: 'dpor' },
  { strategy: 'bounded', strategyOptions: { maxPreemptions: 1 } },
  { strategy: 'bounded-dpor', strategyOptions: { maxPreemptions: 2 } },
  { strategy: 'pct', strategyOptions: { runs: 40 } },
  { strategy: 'random', strategyOptions: { runs: 40 } },
];

/** Executions compared per exploration (both sides stop at the same one). */
const CUT = 40;

describe('the seed C and the port issue the same operations', () => {
  for (const [name, scenario] of SCENARIOS) {
    for (const memory of ['sc', 'weak'] as const) {
      it(`${name}, ${memory}: every strategy`, () => {
        for (const s of STRATEGIES) {
          const o: DiffOptions = { ...s, memory, maxExecutions: CUT, maxSteps: 300 };
          const port = exploreWithOps(scenario, reference, o);
          const front = exploreWithOps(scenario, c, o);
          expect([s.strategy, firstDifference(port, front)]).toEqual([s.strategy, null]);
        }
      });
    }
  }

  it('the comparison sees a difference: a C mutant against the port', async () => {
    const { cMutant } = await import('./helpers.ts');
    const o: DiffOptions = { strategy: 'dfs', memory: 'sc', maxExecutions: 5 };
    const scenario = SCENARIOS.get('pair2');
    if (scenario === undefined) throw new Error('pair2');
    expect(firstDifference(exploreWithOps(scenario, reference, o), exploreWithOps(scenario, cMutant('free-no-wake'), o))).toMatch(/wake_up/);
  });
});

describe('random scenarios', () => {
  /** How many, and each explored this far: a few thousand scenarios in a few seconds each way. */
  const RUNS = 2000;
  it(`${RUNS} random scenarios (sc and weak, dpor), the same operations`, () => {
    const scenarios = fc.sample(scenarioArb(), { seed: 10, numRuns: RUNS });
    scenarios.forEach((scenario, i) => {
      const o: DiffOptions = { strategy: 'dpor', memory: i % 2 === 0 ? 'sc' : 'weak', maxExecutions: 3, maxSteps: 300 };
      const d = firstDifference(exploreWithOps(scenario, reference, o), exploreWithOps(scenario, c, o));
      expect([i, d]).toEqual([i, null]);
    });
  });
});

describe('the sequential check', () => {
  it('passes on the seed C as on the port (v4.1 profile: the model is the seed\'s), same sequences and commands', () => {
    const front = runSequentialCheck({ impl: c, runs: 500 });
    const port = runSequentialCheck({ impl: PORT, runs: 500 });
    expect(front.verdict).toBe('pass');
    expect([front.sequences, front.commands]).toEqual([port.sequences, port.commands]);
  });
});
