/**
 * RESERVE under the stateful search: the seed's C mutants that break the reserve guarantee are caught
 * by a complete stateful search, under SC and under weak memory, and the seed passes on the same
 * scenarios. (Whether RESERVE's key may merge what it merges is test/properties/reserve-key.test.ts:
 * these mutants fail before any merge could matter.)
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { StatefulScheduler } from '../../explorer/stateful/scheduler.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { refill2 } from '../properties/scenarios.ts';
import { cMutant, seedImpl } from './helpers.ts';

/** Every reachable state with RESERVE's monitor alone: whether the search completed and RESERVE failed. */
function reserveFails(impl: AnyPoolImpl, scenario: Scenario, weak: boolean): { complete: boolean; failed: boolean; states: number } {
  const program = scenarioProgram(scenario, impl, weak ? { memory: memoryFactory({ model: 'weak', staleReads: 1 }) } : {});
  const monitors = monitorsFor({ profile: 'v4.1', ids: ['RESERVE'] });
  const search = new StatefulScheduler();
  const watch = search.watch(monitors);
  let failed = false;
  const r = explore(program, search, monitors, { maxExecutions: 2_000_000, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 2000, lasso: 'off', watch, resume: watch }, (e) => {
    if (e.violations.some((v) => v.property === 'RESERVE')) failed = true;
  });
  return { complete: r.complete, failed, states: search.graph.nodes };
}

const ROWS: readonly { mutant: string; scenario: Scenario; weak: boolean }[] = [
  { mutant: 'free-refills-only-empty', scenario: refill2, weak: false },
  { mutant: 'alloc-no-wmb', scenario: scenarioNamed('handoff3'), weak: true },
  { mutant: 'free-no-rmb', scenario: scenarioNamed('handoff3'), weak: true },
];

describe('RESERVE in the stateful search (seed C and its mutants)', () => {
  for (const row of ROWS) {
    it(`${row.mutant} on ${row.scenario.name}${row.weak ? ' (weak memory)' : ''}: caught; the seed passes`, () => {
      const mutant = reserveFails(cMutant(row.mutant), row.scenario, row.weak);
      const seed = reserveFails(seedImpl(), row.scenario, row.weak);
      expect(mutant.failed).toBe(true);
      expect([seed.complete, seed.failed]).toEqual([true, false]);
    });
  }
});
