/**
 * mempool_free's unlocked test (L317, `pool->curr_nr < pool->min_nr`) is two plain loads without the
 * lock, not a critical section: a concurrent resize may change min_nr between them. A free may thus
 * give its element to free_fn although the reserve was short at every single instant of the call. The
 * model explains this by a `free-test` step (the first load) before `release` (the second), in either
 * operand order; these histories are linearizable and the port passes every property on them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { implNamed, PORT } from '../../impl/registry.ts';
import type { ModelState, Step } from '../../model/index.ts';
import { referenceModel, type PoolModel } from '../../properties/lin/pool-model.ts';
import { linearizableWith } from '../../properties/linearizable.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { describeScenario, type Scenario } from '../../scenarios/spec.ts';
import { run } from './run.ts';
import { refill2, tornGrow2, tornShrink2, tornShrink3 } from './scenarios.ts';

describe('LINEARIZABLE: the torn read of L317', () => {
  it('a free that read curr_nr before a shrink and min_nr after it gives its element away: linearizable (two threads)', () => {
    const r = run(tornShrink2);
    expect(r.result.complete).toBe(true);
    expect(r.counts).toEqual({});
    expect(r.lin.checked).toBe(r.executions);
    expect(r.lin.unknown).toBe(0);
  });

  it('the program it was reported on passes every execution (dfs and dpor)', () => {
    for (const strategy of ['dfs', 'dpor']) {
      const r = run(tornShrink3, { strategy });
      expect(r.result.complete).toBe(true);
      expect(r.counts).toEqual({});
      expect(r.lin.unknown).toBe(0);
    }
  });

  it('the other operand order: min_nr read before a grow, curr_nr after its refill (the port explores both orders)', () => {
    // L317's operands are unsequenced (kernel/api unsequenced): every execution of either order is here.
    const port = run(tornGrow2);
    expect(port.result.complete).toBe(true);
    expect(port.counts).toEqual({});
  });
});

/** The same check without `atInvocation`: every placement of free-test is tried. */
const everyPlacement: PoolModel<ModelState, Step> = {
  plan: referenceModel.plan,
  ...(referenceModel.pendingTails === undefined ? {} : { pendingTails: referenceModel.pendingTails }),
  apply: referenceModel.apply,
  stateKey: referenceModel.stateKey,
  initial: referenceModel.initial,
};

/** Per execution, whether LINEARIZABLE failed (dpor, the given model). */
function verdicts(scenario: Scenario, impl: AnyPoolImpl, model: PoolModel<ModelState, Step>): boolean[] {
  const out: boolean[] = [];
  const monitor = linearizableWith({ model }).create('v4.1');
  explore(scenarioProgram(scenario, impl), makeScheduler('dpor', { seed: 1 }), [monitor], { maxExecutions: 3000, stopOnFailure: false, keepFailures: 0 }, undefined, (r) =>
    out.push(r.violations.some((v) => v.property === 'LINEARIZABLE')),
  );
  return out;
}

describe('free-test at the invocation (atInvocation) explains exactly what every placement explains', () => {
  it('the same verdict in every execution: torn reads, mutants LINEARIZABLE catches, random resize programs', () => {
    const hasResizeAndFree = (s: Scenario): boolean => {
      const ops = s.threads.flatMap((t) => t.commands.map((c) => c.op));
      return ops.includes('resize') && ops.includes('free');
    };
    const random = fc
      .sample(scenarioArb({ maxThreads: 3, maxCommands: 3, faults: ['always', 'choice', 'gfp'], timeouts: ['untimed'] }), { seed: 7, numRuns: 400 })
      .filter(hasResizeAndFree)
      .slice(0, 12);
    // The 12 asked for: the 400 draws hold at least that many with a resize and a free.
    expect(random.length).toBe(12);
    const cases: [Scenario, AnyPoolImpl][] = [
      [tornShrink2, PORT],
      [tornShrink3, PORT],
      [tornGrow2, PORT],
      [refill2, implNamed('mutant:free-refills-only-empty')],
      [scenarioNamed('pair2'), implNamed('mutant:alloc-pop-unlocked')],
      [scenarioNamed('grow2'), implNamed('mutant:grow-no-raced-check')],
      ...random.map((s): [Scenario, AnyPoolImpl] => [s, PORT]),
    ];
    let failing = 0;
    for (const [scenario, impl] of cases) {
      const early = verdicts(scenario, impl, referenceModel);
      expect(verdicts(scenario, impl, everyPlacement), describeScenario(scenario)).toEqual(early);
      failing += early.filter(Boolean).length;
    }
    expect(failing).toBeGreaterThan(0);
  });
});
