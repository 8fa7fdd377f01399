/**
 * On at least 200 random small programs (scenarios/random.ts, fixed seed), the reducing strategies
 * reach the same verdict, the same failed properties, the same set of final states and the same set
 * of Mazurkiewicz traces as dfs (every property monitored), while running no more executions than it.
 * Programs dfs cannot finish within a small budget are left out (and counted).
 *
 * Then preemption bounding at small bounds: bounded-dpor explores exactly the traces plain bounded
 * search reaches at the same bound, and where it says it is complete, exactly dfs's.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { BoundedScheduler } from '../../explorer/strategies/bounded.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { describeScenario, type Scenario } from '../../scenarios/spec.ts';
import { COMPARE_MAX_STEPS, outcome, summary, type Outcome } from './compare.ts';

// Its slowest test took 95 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 400_000 });

const SEED = 42;
const DRAWN = 290;
const DFS_BUDGET = 800;
const programs = fc.sample(scenarioArb({ maxThreads: 3, maxCommands: 3, maxPrefix: 1 }), { seed: SEED, numRuns: DRAWN });

let reference: { scenario: Scenario; dfs: Outcome }[] | null = null;
/** The programs dfs finishes, with its outcome (computed once, shared by the tests below). */
function finished(): { scenario: Scenario; dfs: Outcome }[] {
  if (reference === null) {
    reference = [];
    for (const scenario of programs) {
      const dfs = outcome(scenario, new DfsScheduler(), DFS_BUDGET);
      if (dfs.result.complete) reference.push({ scenario, dfs });
    }
  }
  return reference;
}

const STRATEGIES: readonly [string, () => Scheduler][] = [
  ['dpor', () => new DporScheduler()],
  // A preemption needs a step: the step limit is a large enough bound.
  ['bounded (k up to the step limit)', () => new BoundedScheduler(COMPARE_MAX_STEPS)],
  ['bounded-dpor (k up to the step limit)', () => new BoundedScheduler(COMPARE_MAX_STEPS, true)],
];

describe(`random programs (seed ${SEED}): reduced strategies agree with dfs`, () => {
  // The counts below are floors, not measurements: they keep the comparison from passing on too few
  // programs of each kind (a generator change that shrank them would empty the check). The seed is
  // fixed, so the counts do not vary between machines.
  it('at least 200 of the drawn programs are small enough for dfs', () => {
    expect(finished().length).toBeGreaterThanOrEqual(200);
  });

  for (const [name, make] of STRATEGIES) {
    it(`${name}: same verdicts, failed properties, final states and traces; never more executions`, () => {
      let reduced = 0;
      let total = 0;
      for (const { scenario, dfs } of finished()) {
        const o = outcome(scenario, make(), DFS_BUDGET);
        const what = describeScenario(scenario);
        expect(o.result.complete, what).toBe(true);
        expect(summary(o), what).toEqual(summary(dfs));
        expect(o.result.executions, what).toBeLessThanOrEqual(dfs.result.executions);
        reduced += o.result.executions;
        total += dfs.result.executions;
      }
      // Programs this small leave little to reduce; still strictly fewer executions overall.
      if (name.includes('dpor')) expect(reduced).toBeLessThan(total);
    });
  }

  it('the programs exercise what they should: failures, blocked ends, value choices, hand-offs', () => {
    const all = finished();
    expect(all.filter((p) => p.dfs.result.verdict === 'fail').length).toBeGreaterThan(5);
    expect(all.filter((p) => [...p.dfs.states].some((s) => s.startsWith('blocked'))).length).toBeGreaterThan(10);
    // A violation does not stop the run: it goes on to its end, judged on every other property.
    expect(all.filter((p) => [...p.dfs.states].some((s) => /^(terminated|blocked) \[[A-Z]/.test(s))).length).toBeGreaterThan(0);
    expect(all.filter((p) => p.scenario.faults.kind === 'choice').length).toBeGreaterThan(20);
    expect(all.filter((p) => p.scenario.threads.some((t) => t.commands.some((c) => c.op === 'receive'))).length).toBeGreaterThan(10);
    expect(all.filter((p) => p.scenario.timeouts === 'timed').length).toBeGreaterThan(20);
  });
});

describe('preemption bounds 0, 1, 2: bounded-dpor reaches what bounded search reaches', () => {
  const small = fc.sample(scenarioArb({ maxThreads: 3, maxCommands: 2, maxPrefix: 1 }), { seed: 7, numRuns: 60 });
  // Same behaviours (final states) at every bound. Not the same traces: a thread whose first operation
  // may block (a lock, an await) takes its first step alone when it cannot run yet, and with that
  // operation when it can, so the two searches may reach one behaviour through differently grouped
  // steps. Where bounded-dpor says it is complete, its traces are exactly dfs's.
  it('same final states at every bound, never more executions, and complete only when it has all of dfs', () => {
    let compared = 0;
    for (const scenario of small) {
      const dfs = outcome(scenario, new DfsScheduler(), DFS_BUDGET, false);
      if (!dfs.result.complete) continue;
      for (const k of [0, 1, 2]) {
        const plain = outcome(scenario, new BoundedScheduler(k), DFS_BUDGET, false);
        const reduced = outcome(scenario, new BoundedScheduler(k, true), DFS_BUDGET, false);
        const what = `k=${k}: ${describeScenario(scenario)}`;
        expect([...reduced.states].sort(), what).toEqual([...plain.states].sort());
        expect(reduced.result.executions, what).toBeLessThanOrEqual(plain.result.executions);
        if (reduced.result.complete) expect([...reduced.traces].sort(), what).toEqual([...dfs.traces].sort());
        if (plain.result.complete) expect(reduced.result.complete, what).toBe(true);
        compared += 1;
      }
    }
    // A floor (3 bounds per program): most of the 60 programs must be compared, not skipped.
    expect(compared).toBeGreaterThanOrEqual(150);
  });
});

describe('under the weak memory model (read-from choices are value choices)', () => {
  const weak = { memory: memoryFactory({ model: 'weak', staleReads: 2 }) };
  const drawn = fc.sample(scenarioArb({ maxThreads: 3, maxCommands: 3, maxPrefix: 1 }), { seed: 31, numRuns: 80 });
  it('dpor: same verdicts, final states and traces as dfs, never more executions', () => {
    let compared = 0;
    for (const scenario of drawn) {
      const dfs = outcome(scenario, new DfsScheduler(), DFS_BUDGET, false, weak);
      if (!dfs.result.complete) continue;
      const dpor = outcome(scenario, new DporScheduler(), DFS_BUDGET, false, weak);
      const what = describeScenario(scenario);
      expect(dpor.result.complete, what).toBe(true);
      expect(summary(dpor), what).toEqual(summary(dfs));
      expect(dpor.result.executions, what).toBeLessThanOrEqual(dfs.result.executions);
      compared += 1;
    }
    // A floor: most of the 80 programs must be compared, not skipped as too big for dfs.
    expect(compared).toBeGreaterThanOrEqual(60);
  });
});
